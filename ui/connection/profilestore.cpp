#include "profilestore.h"

#include <QSettings>
#include <QUrl>

#ifdef POSTSCOPE_WITH_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

#include <memory>

namespace postscope {

namespace {
const QString keyringService = QStringLiteral("postscope");
// Keyring jobs have no parent on purpose: QtKeychain's libsecret backend calls back into
// its job when the Secret Service answers, so a job deleted with its store while a call
// is in flight would be used after free. Unparented jobs delete themselves once finished
// (autoDelete); the connections below use the store as context, so a late answer after
// the store is gone reaches nobody.

QString groupFor(const QString &name)
{
    // Profile names may hold '/' (a QSettings group separator): keep them opaque.
    return QStringLiteral("profiles/") + QString::fromLatin1(QUrl::toPercentEncoding(name));
}

// Passwords typed or read this session, shared by every store of the process (never on disk).
QHash<QString, std::pair<QString, QString>> &sessionPasswords()
{
    static QHash<QString, std::pair<QString, QString>> passwords;
    return passwords;
}

QString keyFor(const QString &name, const QString &which)
{
    return QStringLiteral("profile:%1:%2").arg(name, which);
}
} // namespace

ProfileStore::ProfileStore(QObject *parent)
    : QObject(parent)
{
#ifdef POSTSCOPE_WITH_KEYCHAIN
    m_keyringUsable = qEnvironmentVariableIsEmpty("POSTSCOPE_NO_KEYRING");
    if (!m_keyringUsable)
        m_keyringError = QStringLiteral("disabled by POSTSCOPE_NO_KEYRING");
#else
    m_keyringError = QStringLiteral("this build has no QtKeychain");
#endif
}

QStringList ProfileStore::names() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("profiles"));
    QStringList out;
    const QStringList groups = settings.childGroups();
    for (const QString &g : groups)
        out.append(QUrl::fromPercentEncoding(g.toLatin1()));
    out.sort(Qt::CaseInsensitive);
    return out;
}

bool ProfileStore::contains(const QString &name) const
{
    return names().contains(name);
}

ConnectionProfile ProfileStore::profile(const QString &name) const
{
    QSettings settings;
    settings.beginGroup(groupFor(name));
    ConnectionProfile p;
    p.name = name;
    p.usePostgres = settings.value(QStringLiteral("usePostgres"), true).toBool();
    p.useRedis = settings.value(QStringLiteral("useRedis"), true).toBool();
    p.postgresUrl = settings.value(QStringLiteral("postgresUrl")).toString();
    p.redisUrl = settings.value(QStringLiteral("redisUrl")).toString();
    p.prefix = settings.value(QStringLiteral("prefix"), QStringLiteral("bull")).toString();
    p.queue = settings.value(QStringLiteral("queue"), QStringLiteral("post")).toString();
    p.organizationId = settings.value(QStringLiteral("organizationId")).toString();
    p.integrationIds = settings.value(QStringLiteral("integrationIds")).toStringList();
    p.autoRefreshSeconds = settings.value(QStringLiteral("autoRefreshSeconds"), 0).toInt();
    return p;
}

void ProfileStore::save(const ConnectionProfile &p, const QString &postgresPassword, const QString &redisPassword)
{
    {
        QSettings settings;
        settings.remove(groupFor(p.name));
        settings.beginGroup(groupFor(p.name));
        settings.setValue(QStringLiteral("usePostgres"), p.usePostgres);
        settings.setValue(QStringLiteral("useRedis"), p.useRedis);
        settings.setValue(QStringLiteral("postgresUrl"), p.postgresUrl);
        settings.setValue(QStringLiteral("redisUrl"), p.redisUrl);
        settings.setValue(QStringLiteral("prefix"), p.prefix);
        settings.setValue(QStringLiteral("queue"), p.queue);
        settings.setValue(QStringLiteral("organizationId"), p.organizationId);
        settings.setValue(QStringLiteral("integrationIds"), p.integrationIds);
        settings.setValue(QStringLiteral("autoRefreshSeconds"), p.autoRefreshSeconds);
    }
    sessionPasswords().insert(p.name, {postgresPassword, redisPassword});
#ifdef POSTSCOPE_WITH_KEYCHAIN
    if (m_keyringUsable) {
        const std::pair<QString, QString> entries[] = {{QStringLiteral("postgres"), postgresPassword},
                                                       {QStringLiteral("redis"), redisPassword}};
        for (const auto &[which, secret] : entries) {
            if (secret.isEmpty()) {
                auto *job = new QKeychain::DeletePasswordJob(keyringService);
                job->setKey(keyFor(p.name, which));
                job->start(); // nothing to keep; a missing entry is fine
                continue;
            }
            auto *job = new QKeychain::WritePasswordJob(keyringService);
            job->setInsecureFallback(false); // never a plain-text file
            job->setKey(keyFor(p.name, which));
            job->setTextData(secret);
            connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *j) {
                if (j->error() != QKeychain::NoError)
                    keyringFailed(j->errorString());
            });
            job->start();
        }
    }
#endif
    Q_EMIT profilesChanged();
}

void ProfileStore::remove(const QString &name)
{
    {
        QSettings settings;
        settings.remove(groupFor(name));
    }
    sessionPasswords().remove(name);
#ifdef POSTSCOPE_WITH_KEYCHAIN
    if (m_keyringUsable) {
        for (const QString &which : {QStringLiteral("postgres"), QStringLiteral("redis")}) {
            auto *job = new QKeychain::DeletePasswordJob(keyringService);
            job->setKey(keyFor(name, which));
            job->start();
        }
    }
#endif
    Q_EMIT profilesChanged();
}

QString ProfileStore::lastProfile() const
{
    return QSettings().value(QStringLiteral("connection/lastProfile")).toString();
}

void ProfileStore::setLastProfile(const QString &name)
{
    QSettings().setValue(QStringLiteral("connection/lastProfile"), name);
}

void ProfileStore::requestPasswords(const QString &name)
{
    if (sessionPasswords().contains(name) || !m_keyringUsable) {
        const auto pw = sessionPasswords().value(name);
        QMetaObject::invokeMethod(this, [this, name, pw]() { Q_EMIT passwordsReady(name, pw.first, pw.second); },
                                  Qt::QueuedConnection);
        return;
    }
#ifdef POSTSCOPE_WITH_KEYCHAIN
    // Two reads; answer once both are back.
    auto state = std::make_shared<std::pair<int, Passwords>>(0, Passwords{});
    for (const QString &which : {QStringLiteral("postgres"), QStringLiteral("redis")}) {
        auto *job = new QKeychain::ReadPasswordJob(keyringService);
        job->setKey(keyFor(name, which));
        connect(job, &QKeychain::Job::finished, this, [this, name, which, state](QKeychain::Job *j) {
            auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
            if (read->error() == QKeychain::NoError) {
                (which == QLatin1String("postgres") ? state->second.postgres : state->second.redis) = read->textData();
            } else if (read->error() != QKeychain::EntryNotFound) {
                keyringFailed(read->errorString());
            }
            if (++state->first == 2) {
                sessionPasswords().insert(name, {state->second.postgres, state->second.redis});
                Q_EMIT passwordsReady(name, state->second.postgres, state->second.redis);
            }
        });
        job->start();
    }
#endif
}

QString ProfileStore::storageNote() const
{
    if (m_keyringUsable)
        return QStringLiteral("Passwords are kept in the system keyring, never in the settings file.");
    return QStringLiteral("Passwords are kept in memory for this session only (%1); they are never written to disk.")
        .arg(m_keyringError);
}

void ProfileStore::keyringFailed(const QString &why)
{
    if (!m_keyringUsable)
        return;
    m_keyringUsable = false;
    m_keyringError = QStringLiteral("system keyring unavailable: %1").arg(why);
    Q_EMIT storageNoteChanged(storageNote());
}

} // namespace postscope
