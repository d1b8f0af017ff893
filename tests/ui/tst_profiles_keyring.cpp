// Profile passwords in the system keyring, for real: ctest runs this test through
// keyring-session.sh, inside its own D-Bus session with a fresh gnome-keyring (the
// freedesktop Secret Service that QtKeychain talks to). Passwords saved with a profile
// must reach the keyring (checked independently with secret-tool), never the settings
// file; a new process must read them back when it loads the profile; removing the
// profile removes them.

#include "connection/connectionpane.h"
#include "connection/profilestore.h"

#include <QApplication>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace postscope;

namespace {

const QString kProfile = QStringLiteral("prod/eu");
const QString kPgPassword = QStringLiteral("pg-Secret-4711");
const QString kRedisPassword = QStringLiteral("redis-Secret-0815");

// What secret-tool finds for one of postscope's entries (QtKeychain's libsecret
// attributes: user = key, server = service).
QString keyringLookup(const QString &which)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"),
            {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("postscope"), QStringLiteral("user"),
             QStringLiteral("profile:%1:%2").arg(kProfile, which)});
    if (!p.waitForFinished(10000))
        return QStringLiteral("<secret-tool did not finish>");
    return QString::fromUtf8(p.readAllStandardOutput());
}

// Everything under the settings folder, as text.
QByteArray settingsOnDisk()
{
    QByteArray all;
    QDirIterator it(qEnvironmentVariable("XDG_CONFIG_HOME"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

// The child process: loads the profile in a fresh ConnectionPane (no passwords in this
// process's memory) and prints what the password fields end up holding.
int readBack()
{
    ConnectionPane pane;
    QSignalSpy ready(pane.profiles(), &ProfileStore::passwordsReady);
    if (!pane.loadProfile(kProfile)) {
        fprintf(stdout, "no profile\n");
        return 1;
    }
    if (ready.isEmpty() && !ready.wait(10000)) {
        fprintf(stdout, "no answer from the keyring\n");
        return 1;
    }
    fprintf(stdout, "keyring=%d pg=%s redis=%s\n", pane.profiles()->keyringUsable() ? 1 : 0,
            qPrintable(pane.postgresForm()->password()), qPrintable(pane.redisForm()->password()));
    return 0;
}

} // namespace

class TestProfilesKeyring : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
                 "run through tests/ui/keyring-session.sh (ctest does)");
        QVERIFY2(qEnvironmentVariableIsEmpty("POSTSCOPE_NO_KEYRING"), "the keyring must not be disabled here");
    }

    void storeUsesTheKeyring()
    {
        ProfileStore store;
        QVERIFY(store.keyringUsable());
        QVERIFY2(store.storageNote().contains(QStringLiteral("system keyring")), qPrintable(store.storageNote()));
    }

    void savedPasswordsGoToTheKeyringNotTheDisk()
    {
        ConnectionPane pane;
        pane.setPostgresUrl(QStringLiteral("postgresql://postiz:%1@db.example:5432/postiz").arg(kPgPassword));
        pane.setRedisUrl(QStringLiteral("redis://:%1@cache.example:6379/0").arg(kRedisPassword));
        QCOMPARE(pane.postgresForm()->password(), kPgPassword);
        pane.saveProfile(kProfile);

        QTRY_COMPARE_WITH_TIMEOUT(keyringLookup(QStringLiteral("postgres")), kPgPassword, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(keyringLookup(QStringLiteral("redis")), kRedisPassword, 10000);
        QVERIFY(pane.profiles()->keyringUsable()); // no write failed

        QSettings().sync();
        const QByteArray disk = settingsOnDisk();
        QVERIFY2(disk.contains("db.example"), "the profile itself is in the settings file");
        QVERIFY(!disk.contains(kPgPassword.toUtf8()));
        QVERIFY(!disk.contains(kRedisPassword.toUtf8()));
    }

    void aNewProcessReadsThemBackFromTheKeyring()
    {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--read-back")});
        QVERIFY(child.waitForFinished(30000));
        const QString out = QString::fromUtf8(child.readAllStandardOutput()).trimmed();
        QCOMPARE(child.exitCode(), 0);
        QCOMPARE(out, QStringLiteral("keyring=1 pg=%1 redis=%2").arg(kPgPassword, kRedisPassword));
    }

    // The window may close (and the store go) while the keyring still works on a save:
    // the save must still land and the late answer must not touch the dead store.
    void aStoreGoneWhileTheKeyringWorksIsSafe()
    {
        {
            ProfileStore store;
            ConnectionProfile p = store.profile(kProfile);
            p.name = kProfile;
            store.save(p, kPgPassword + QStringLiteral("-2"), kRedisPassword);
        }
        QTRY_COMPARE_WITH_TIMEOUT(keyringLookup(QStringLiteral("postgres")), kPgPassword + QStringLiteral("-2"),
                                  10000);
        // A use after free from the late answer would crash in the event loop of the
        // waits here or in the next test (it did before the jobs lost their parent).
        QTRY_COMPARE_WITH_TIMEOUT(keyringLookup(QStringLiteral("redis")), kRedisPassword, 10000);
    }

    void removingTheProfileRemovesItsPasswords()
    {
        ProfileStore store;
        QVERIFY(store.contains(kProfile));
        store.remove(kProfile);
        QVERIFY(!store.contains(kProfile));
        QTRY_COMPARE_WITH_TIMEOUT(keyringLookup(QStringLiteral("postgres")), QString(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(keyringLookup(QStringLiteral("redis")), QString(), 10000);
    }
};

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const bool child = argc > 1 && qstrcmp(argv[1], "--read-back") == 0;
    // The settings live in the throw-away HOME keyring-session.sh made; a run outside it
    // gets a temp folder so the user's settings are never touched.
    QTemporaryDir config;
    if (qEnvironmentVariableIsEmpty("XDG_CONFIG_HOME"))
        qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("postscope-test"));
    QApplication::setApplicationName(QStringLiteral("tst_profiles_keyring"));
    if (child)
        return readBack();
    TestProfilesKeyring test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_profiles_keyring.moc"
