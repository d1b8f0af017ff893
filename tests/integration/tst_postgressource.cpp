// PostgresSource against a real PostgreSQL 15 (tests/services/start.sh): scope, threads,
// lookups by id, schema drift, bad connections and the read-only guarantees.

#include "sources/postgressource.h"
#include "testservices.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <atomic>

using namespace postscope;

namespace {

const QString kRole = QStringLiteral("pgsrc_ro");
const QString kRolePassword = QStringLiteral("ro-pw'\"x"); // quotes: the URL must carry them

qint64 utcMs(int y, int mo, int d, int h, int mi, int s, int ms)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC).toMSecsSinceEpoch();
}

const qint64 kFrom = utcMs(2026, 1, 10, 0, 0, 0, 0);
const qint64 kTo = utcMs(2026, 1, 20, 0, 0, 0, 0);

// Content with every byte class COPY's text format escapes.
const char *const kTrickyContentSql = "E'tab\\there\\nnew line\\r \\\\ back ''q'' \"dq\" \\u00fcn\\u00ef \\U0001F600'";
const QString kTrickyContent = QString::fromUtf8("tab\there\nnew line\r \\ back 'q' \"dq\" \xc3\xbcn\xc3\xaf \xf0\x9f\x98\x80");
const QString kQuoteId = QStringLiteral("it's-a-post");
const QString kInjectionId = QStringLiteral("x'); DROP TABLE \"Post\"; --");

QString seedSql()
{
    QString sql = QStringLiteral(R"SQL(
INSERT INTO "Organization"(id, name) VALUES ('org1', 'Org One'), ('org2', 'Org Two');
INSERT INTO "Integration"(id, "internalId", "organizationId", name, "providerIdentifier", token,
    "refreshToken", disabled, "refreshNeeded", "inBetweenSteps", "deletedAt", "customerId") VALUES
 ('int1', 'i1', 'org1', 'X account', 'x', 'SECRET-TOKEN-1', 'SECRET-REFRESH-1', false, false, false, NULL, 'cust1'),
 ('int2', 'i2', 'org1', 'LinkedIn page', 'linkedin', 'SECRET-TOKEN-2', NULL, true, false, false, NULL, NULL),
 ('int3', 'i3', 'org2', 'Insta', 'instagram', 'SECRET-TOKEN-3', 'SECRET-REFRESH-3', false, true, true,
  '2026-01-02 03:04:05.678', NULL);
INSERT INTO "Post"(id, state, "publishDate", "organizationId", "integrationId", content, "group",
    "parentPostId", "releaseURL", error, "intervalInDays", title, "createdAt", "updatedAt", "deletedAt") VALUES
 ('p1', 'QUEUE', '2026-01-15 14:30:00.123', 'org1', 'int1', %1, 'g1', NULL, NULL, NULL, 7, '',
  '2026-01-01 10:00:00.001', '2026-01-02 11:00:00.002', NULL),
 ('p2', 'PUBLISHED', '2026-01-15 14:30:15.000', 'org1', 'int1', 'second', 'g2', NULL, 'https://x.com/1',
  NULL, NULL, NULL, '2026-01-01 10:00:00', '2026-01-15 14:30:20', NULL),
 ('p3', 'ERROR', '2026-01-12 09:00:00', 'org1', 'int2', 'linked', 'g3', NULL, NULL, '{"code":429}',
  NULL, NULL, '2026-01-01', '2026-01-12', NULL),
 ('p4', 'QUEUE', '2026-01-16 08:00:00', 'org2', 'int3', 'insta', 'g4', NULL, NULL, NULL, NULL, NULL,
  '2026-01-01', '2026-01-01', NULL),
 ('p5', 'QUEUE', '2026-01-14 12:00:00', 'org1', 'int1', 'deleted', 'g5', NULL, NULL, NULL, NULL, NULL,
  '2026-01-01', '2026-01-13 10:00:00', '2026-01-13 10:00:00.500'),
 ('edge-from', 'QUEUE', '2026-01-10 00:00:00.000', 'org1', 'int1', 'a', 'g6', NULL, NULL, NULL, NULL, NULL,
  '2026-01-01', '2026-01-01', NULL),
 ('edge-before', 'QUEUE', '2026-01-09 23:59:59.999', 'org1', 'int1', 'b', 'g7', NULL, NULL, NULL, NULL, NULL,
  '2026-01-01', '2026-01-01', NULL),
 ('edge-to', 'QUEUE', '2026-01-20 00:00:00.000', 'org1', 'int1', 'c', 'g8', NULL, NULL, NULL, NULL, NULL,
  '2026-01-01', '2026-01-01', NULL),
 ('out1', 'ERROR', '2026-02-15 10:00:00', 'org1', 'int1', 'later', 'g9', NULL, NULL, 'boom', NULL, NULL,
  '2026-01-01', '2026-01-01', NULL),
 ('t1', 'QUEUE', '2026-01-17 10:00:00', 'org1', 'int1', 'thread head', 'gt', NULL, NULL, NULL, NULL, NULL,
  '2026-01-01', '2026-01-01', NULL),
 ('t2', 'QUEUE', '2026-01-25 10:00:00', 'org1', 'int1', 'thread child', 'gt', 't1', NULL, NULL, NULL, NULL,
  '2026-01-01', '2026-01-01', NULL),
 ('t3', 'QUEUE', '2026-01-26 10:00:00', 'org1', 'int1', 'thread grandchild', 'gt', 't2', NULL, NULL, NULL,
  NULL, '2026-01-01', '2026-01-01', NULL),
 ('x1', 'QUEUE', '2026-02-01 10:00:00', 'org1', 'int1', 'outside parent', 'gx', NULL, NULL, NULL, NULL, NULL,
  '2026-01-01', '2026-01-01', NULL),
 ('c1', 'QUEUE', '2026-01-18 10:00:00', 'org1', 'int1', 'inside child', 'gx', 'x1', NULL, NULL, NULL, NULL,
  '2026-01-01', '2026-01-01', NULL),
 ('c2', 'QUEUE', '2026-02-01 10:00:00', 'org1', 'int1', 'outside sibling', 'gx', 'x1', NULL, NULL, NULL, NULL,
  '2026-01-01', '2026-01-01', NULL),
 (E'it''s-a-post', 'QUEUE', '2026-03-01 10:00:00', 'org2', 'int3', 'quote', 'gq', NULL, NULL, NULL, NULL, NULL,
  '2026-01-01', '2026-01-01', NULL),
 (E'x''); DROP TABLE "Post"; --', 'QUEUE', '2026-03-02 10:00:00', 'org1', 'int1', 'inj', 'gi', NULL, NULL,
  NULL, NULL, NULL, '2026-01-01', '2026-01-01', NULL);
INSERT INTO "Errors"(id, message, "organizationId", "postId", platform, body, "createdAt") VALUES
 ('e1', '{"error":"Too many requests"}', 'org1', 'p3', 'linkedin', '{}', '2026-01-12 09:00:01.250'),
 ('e2', 'boom', 'org1', 'out1', 'x', '{"b":1}', '2026-02-15 10:00:01');
)SQL");
    return sql.arg(QString::fromUtf8(kTrickyContentSql));
}

// The read-only role sees every column postscope needs but not the two secrets: any
// attempt to select them fails with "permission denied" and would show as a gap.
QString grantSql(const QString &db)
{
    return QStringLiteral(R"SQL(
GRANT CONNECT ON DATABASE "%1" TO %2;
GRANT USAGE ON SCHEMA public TO %2;
GRANT SELECT ON "Post", "Organization", "Errors" TO %2;
GRANT SELECT (id, "internalId", "organizationId", name, picture, "providerIdentifier", type, disabled,
    "tokenExpiration", profile, "deletedAt", "createdAt", "updatedAt", "inBetweenSteps", "refreshNeeded",
    "postingTimes", "customInstanceDetails", "customerId", "rootInternalId", "additionalSettings")
    ON "Integration" TO %2;
)SQL")
        .arg(db, kRole);
}

QString percentEncoded(const QString &s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

QString roleUrl(const QString &db)
{
    const auto &svc = testsvc::services();
    return QStringLiteral("postgresql://%1:%2@%3:%4/%5")
        .arg(kRole, percentEncoded(kRolePassword), svc.pgHost)
        .arg(svc.pgPort)
        .arg(db);
}

// The ids of rows that have one (posts, integrations, organisations, errors).
template<typename Rows>
QSet<QString> idsOf(const Rows &rows)
{
    QSet<QString> s;
    for (const auto &row : rows)
        s.insert(row.id);
    return s;
}

struct Run {
    SnapshotData out;
    bool opened = false;
    QString error;
    qint64 elapsedMs = 0;

    const Post *post(const QString &id) const
    {
        for (const Post &p : out.posts)
            if (p.id == id)
                return &p;
        return nullptr;
    }
    QSet<QString> postIds(bool onlyInWindow = false) const
    {
        if (!onlyInWindow)
            return idsOf(out.posts);
        QSet<QString> s;
        for (const Post &p : out.posts)
            if (p.inWindow)
                s.insert(p.id);
        return s;
    }
    QSet<QString> integrationIds() const { return idsOf(out.integrations); }
    QSet<QString> organizationIds() const { return idsOf(out.organizations); }
    QSet<QString> errorIds() const { return idsOf(out.errors); }
    const Gap *gap(const QString &subject) const
    {
        for (const Gap &g : out.gaps)
            if (g.subject == subject)
                return &g;
        return nullptr;
    }
    QString gapsText() const
    {
        QStringList l;
        for (const Gap &g : out.gaps)
            l << g.subject + QStringLiteral(": ") + g.reason;
        return l.join(QLatin1Char('\n'));
    }
};

CaptureScope windowScope(const QStringList &orgs = {}, const QStringList &integrations = {})
{
    CaptureScope s;
    s.from = kFrom;
    s.to = kTo;
    s.organizationIds = orgs;
    s.integrationIds = integrations;
    return s;
}

Run capture(const QString &url, const CaptureScope &scope, const QStringList &byId = {},
            int statementTimeoutMs = 30000)
{
    Run r;
    r.out.scope = scope;
    PostgresSource source(PostgresOptions{url, 5, statementTimeoutMs});
    QElapsedTimer t;
    t.start();
    r.opened = source.open(r.out, {}, &r.error);
    if (r.opened) {
        source.readScope(r.out, {});
        source.readPostsById(byId, r.out, {});
    }
    source.close(r.out);
    r.elapsedMs = t.elapsed();
    return r;
}

QString scalar(const QString &db, const QString &sql)
{
    QString output;
    if (!testsvc::psql(db, sql, &output))
        return QStringLiteral("<psql failed>");
    return output.trimmed();
}

} // namespace

class TestPostgresSource : public QObject
{
    Q_OBJECT

private:
    // A fresh database with the schema, the seed rows and the read-only role's grants.
    QString freshDb(const QString &name)
    {
        QString error;
        const QString url = testsvc::createPostizDatabase(name, &error);
        if (url.isEmpty()) {
            qWarning("createPostizDatabase(%s): %s", qPrintable(name), qPrintable(error));
            return {};
        }
        if (!testsvc::psql(name, seedSql()) || !testsvc::psql(name, grantSql(name)))
            return {};
        return url;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto &svc = testsvc::services();
        QVERIFY2(svc.ok, qPrintable(svc.error));
        const QString role = QStringLiteral(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1') THEN "
            "CREATE ROLE %1 LOGIN; END IF; END $$; ALTER ROLE %1 PASSWORD '%2';")
                                 .arg(kRole, QString(kRolePassword).replace(QLatin1Char('\''), QStringLiteral("''")));
        QVERIFY(testsvc::psql(QStringLiteral("postgres"), role));
    }

    // The role really cannot read the secrets: if it could, the next test would not
    // prove that postscope never selects them.
    void roleCannotReadSecrets()
    {
        const QString db = QStringLiteral("pgsrc_secrets");
        QVERIFY(!freshDb(db).isEmpty());
        for (const QString &column : {QStringLiteral("token"), QStringLiteral("\"refreshToken\"")}) {
            QProcess psql;
            psql.start(QStringLiteral("psql"),
                       {QStringLiteral("-X"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                        QStringLiteral("-d"), roleUrl(db), QStringLiteral("-c"),
                        QStringLiteral("SELECT %1 FROM \"Integration\"").arg(column)});
            QVERIFY(psql.waitForFinished(30000));
            QVERIFY(psql.exitCode() != 0);
            QVERIFY2(QString::fromUtf8(psql.readAllStandardError()).contains(QLatin1String("permission denied")),
                     qPrintable(column));
        }
    }

    void readOnlyRoleReadsWindow()
    {
        const QString db = QStringLiteral("pgsrc_window");
        QVERIFY(!freshDb(db).isEmpty());
        const Run r = capture(roleUrl(db), windowScope());
        QVERIFY2(r.opened, qPrintable(r.error));
        QVERIFY2(r.out.gaps.empty(), qPrintable(r.gapsText()));

        QCOMPARE(r.postIds(true),
                 (QSet<QString>{QStringLiteral("p1"), QStringLiteral("p2"), QStringLiteral("p3"),
                                QStringLiteral("p4"), QStringLiteral("p5"), QStringLiteral("edge-from"),
                                QStringLiteral("t1"), QStringLiteral("c1")}));
        QCOMPARE(r.postIds(false).size(), 12); // + t2, t3, x1, c2 as thread relatives
        QCOMPARE(r.integrationIds(),
                 (QSet<QString>{QStringLiteral("int1"), QStringLiteral("int2"), QStringLiteral("int3")}));
        QCOMPARE(r.organizationIds(), (QSet<QString>{QStringLiteral("org1"), QStringLiteral("org2")}));
        QCOMPARE(r.errorIds(), QSet<QString>{QStringLiteral("e1")});

        // Integration flags and names as stored.
        for (const Integration &i : r.out.integrations) {
            if (i.id == QLatin1String("int2")) {
                QVERIFY(i.disabled);
                QCOMPARE(i.providerIdentifier, QStringLiteral("linkedin"));
                QCOMPARE(i.name, QStringLiteral("LinkedIn page"));
                QCOMPARE(i.organizationId, QStringLiteral("org1"));
                QVERIFY(!i.deletedAt);
                QVERIFY(i.customerId.isNull());
            } else if (i.id == QLatin1String("int3")) {
                QVERIFY(i.refreshNeeded);
                QVERIFY(i.inBetweenSteps);
                QVERIFY(!i.disabled);
                QCOMPARE(i.deletedAt.value_or(0), utcMs(2026, 1, 2, 3, 4, 5, 678));
            } else {
                QCOMPARE(i.customerId, QStringLiteral("cust1"));
                QCOMPARE(i.postingTimes, QStringLiteral(R"([{"time":120}, {"time":400}, {"time":700}])"));
            }
        }
        const ErrorRow &e1 = r.out.errors.front();
        QCOMPARE(e1.postId, QStringLiteral("p3"));
        QCOMPARE(e1.message, QStringLiteral(R"({"error":"Too many requests"})"));
        QCOMPARE(e1.platform, QStringLiteral("linkedin"));
        QCOMPARE(e1.createdAt.value_or(0), utcMs(2026, 1, 12, 9, 0, 1, 250));

        QCOMPARE(r.out.server.postgresUser, kRole);
        QCOMPARE(r.out.server.postgresDatabase, db);
        QVERIFY(r.out.server.postgresVersion.startsWith(QLatin1String("15")));
        QVERIFY(r.out.server.postgresNow.has_value() && r.out.server.localTime.has_value());
        QVERIFY(qAbs(*r.out.server.postgresNow - *r.out.server.localTime) < 5000);
        QVERIFY(r.out.server.missingColumns.isEmpty());
        QVERIFY(r.out.server.missingTables.isEmpty());

        // The activity log: every statement, none naming a secret, each a read.
        QVERIFY(r.out.activity.size() >= 8);
        static const QRegularExpression readOnly(QStringLiteral(
            "^(connect |SET |BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY$|SELECT |COPY \\(SELECT .*\\) TO STDOUT$"
            "|SAVEPOINT postscope_q$|RELEASE SAVEPOINT postscope_q$|ROLLBACK$)"),
            QRegularExpression::DotMatchesEverythingOption);
        bool sawCopy = false, sawRollback = false;
        for (const ActivityEntry &a : r.out.activity) {
            QCOMPARE(a.source, QStringLiteral("postgres"));
            QVERIFY2(readOnly.match(a.text).hasMatch(), qPrintable(a.text));
            QVERIFY2(!a.text.contains(QLatin1String("token"), Qt::CaseInsensitive), qPrintable(a.text));
            QVERIFY2(!a.text.contains(QLatin1String("SELECT *")) && !a.text.contains(QLatin1String(".*")),
                     qPrintable(a.text));
            QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
            QVERIFY(a.durationUs >= 0);
            sawCopy = sawCopy || a.text.startsWith(QLatin1String("COPY"));
            sawRollback = sawRollback || a.text == QLatin1String("ROLLBACK");
            QVERIFY(!a.text.contains(kRolePassword));
        }
        QVERIFY(sawCopy);
        QVERIFY(sawRollback);
        const auto copy = std::find_if(r.out.activity.begin(), r.out.activity.end(), [](const ActivityEntry &a) {
            return a.text.startsWith(QLatin1String("COPY"))
                && a.text.contains(QLatin1String("FROM \"Post\" t WHERE t.\"publishDate\" >= "));
        });
        QVERIFY(copy != r.out.activity.end());
        QCOMPARE(copy->rows, 8);
        QVERIFY(copy->bytes > 0);
    }

    void scope_data()
    {
        QTest::addColumn<QStringList>("orgs");
        QTest::addColumn<QStringList>("integrations");
        QTest::addColumn<QStringList>("inWindow");
        QTest::addColumn<QStringList>("relatives");
        QTest::addColumn<QStringList>("integrationsRead");
        QTest::addColumn<QStringList>("orgsRead");
        QTest::addColumn<QStringList>("errorsRead");

        const auto L = [](std::initializer_list<const char *> l) {
            QStringList s;
            for (const char *c : l)
                s << QString::fromUtf8(c);
            return s;
        };
        QTest::newRow("all") << QStringList() << QStringList()
                             << L({"p1", "p2", "p3", "p4", "p5", "edge-from", "t1", "c1"})
                             << L({"t2", "t3", "x1", "c2"}) << L({"int1", "int2", "int3"})
                             << L({"org1", "org2"}) << L({"e1"});
        QTest::newRow("org2") << L({"org2"}) << QStringList() << L({"p4"}) << QStringList() << L({"int3"})
                              << L({"org2"}) << QStringList();
        QTest::newRow("int2") << QStringList() << L({"int2"}) << L({"p3"}) << QStringList() << L({"int2"})
                              << L({"org1", "org2"}) << L({"e1"});
        QTest::newRow("org1+int1") << L({"org1"}) << L({"int1"})
                                   << L({"p1", "p2", "p5", "edge-from", "t1", "c1"})
                                   << L({"t2", "t3", "x1", "c2"}) << L({"int1"}) << L({"org1"}) << QStringList();
        QTest::newRow("org2+int1 (disjoint)") << L({"org2"}) << L({"int1"}) << QStringList() << QStringList()
                                              << QStringList() << L({"org2"}) << QStringList();
        QTest::newRow("unknown org, quoted") << L({"no'such"}) << QStringList() << QStringList() << QStringList()
                                             << QStringList() << QStringList() << QStringList();
    }

    void scope()
    {
        QFETCH(QStringList, orgs);
        QFETCH(QStringList, integrations);
        QFETCH(QStringList, inWindow);
        QFETCH(QStringList, relatives);
        QFETCH(QStringList, integrationsRead);
        QFETCH(QStringList, orgsRead);
        QFETCH(QStringList, errorsRead);

        const QString db = QStringLiteral("pgsrc_scope");
        static QString url;
        if (url.isEmpty())
            url = freshDb(db);
        QVERIFY(!url.isEmpty());
        const Run r = capture(roleUrl(db), windowScope(orgs, integrations));
        QVERIFY2(r.opened, qPrintable(r.error));
        QVERIFY2(r.out.gaps.empty(), qPrintable(r.gapsText()));
        QCOMPARE(r.postIds(true), QSet<QString>(inWindow.begin(), inWindow.end()));
        QSet<QString> all(inWindow.begin(), inWindow.end());
        all.unite(QSet<QString>(relatives.begin(), relatives.end()));
        QCOMPARE(r.postIds(false), all);
        QCOMPARE(r.integrationIds(), QSet<QString>(integrationsRead.begin(), integrationsRead.end()));
        QCOMPARE(r.organizationIds(), QSet<QString>(orgsRead.begin(), orgsRead.end()));
        QCOMPARE(r.errorIds(), QSet<QString>(errorsRead.begin(), errorsRead.end()));
    }

    void fieldsExact()
    {
        const QString db = QStringLiteral("pgsrc_fields");
        const QString url = freshDb(db);
        QVERIFY(!url.isEmpty());
        const Run r = capture(url, windowScope());
        QVERIFY2(r.opened, qPrintable(r.error));

        const Post *p1 = r.post(QStringLiteral("p1"));
        QVERIFY(p1);
        QCOMPARE(p1->publishDate, utcMs(2026, 1, 15, 14, 30, 0, 123));
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(p1->publishDate, Qt::UTC).toString(Qt::ISODateWithMs),
                 QStringLiteral("2026-01-15T14:30:00.123Z"));
        QCOMPARE(p1->createdAt.value_or(0), utcMs(2026, 1, 1, 10, 0, 0, 1));
        QCOMPARE(p1->updatedAt.value_or(0), utcMs(2026, 1, 2, 11, 0, 0, 2));
        QVERIFY(!p1->deletedAt.has_value());
        QCOMPARE(toString(p1->state), toString(PostState::Queue));
        QCOMPARE(p1->stateText, QStringLiteral("QUEUE"));
        QCOMPARE(p1->intervalInDays.value_or(-1), 7);
        QCOMPARE(p1->content, kTrickyContent);
        QVERIFY(!p1->title.isNull());
        QVERIFY(p1->title.isEmpty());
        QVERIFY(p1->parentPostId.isNull());
        QVERIFY(p1->isTopLevel());
        QCOMPARE(p1->group, QStringLiteral("g1"));
        QCOMPARE(p1->organizationId, QStringLiteral("org1"));
        QCOMPARE(p1->integrationId, QStringLiteral("int1"));
        QVERIFY(p1->inWindow);

        const Post *p2 = r.post(QStringLiteral("p2"));
        QVERIFY(p2);
        QCOMPARE(p2->publishDate, utcMs(2026, 1, 15, 14, 30, 15, 0));
        QCOMPARE(toString(p2->state), toString(PostState::Published));
        QCOMPARE(p2->releaseURL, QStringLiteral("https://x.com/1"));
        QVERIFY(p2->title.isNull());
        QVERIFY(!p2->intervalInDays.has_value());

        const Post *p3 = r.post(QStringLiteral("p3"));
        QVERIFY(p3);
        QCOMPARE(toString(p3->state), toString(PostState::Error));
        QCOMPARE(p3->error, QStringLiteral(R"({"code":429})"));

        // Soft-deleted posts are part of the picture: the rules need them.
        const Post *p5 = r.post(QStringLiteral("p5"));
        QVERIFY(p5);
        QVERIFY(p5->isDeleted());
        QCOMPARE(p5->deletedAt.value_or(0), utcMs(2026, 1, 13, 10, 0, 0, 500));
        QVERIFY(p5->inWindow);

        // Thread relatives outside the window come along, marked as such.
        const Post *t2 = r.post(QStringLiteral("t2"));
        const Post *t3 = r.post(QStringLiteral("t3"));
        const Post *x1 = r.post(QStringLiteral("x1"));
        const Post *c2 = r.post(QStringLiteral("c2"));
        QVERIFY(t2 && t3 && x1 && c2);
        QCOMPARE(t2->parentPostId, QStringLiteral("t1"));
        QCOMPARE(t3->parentPostId, QStringLiteral("t2"));
        QVERIFY(!t2->inWindow && !t3->inWindow && !x1->inWindow && !c2->inWindow);
        QVERIFY(r.post(QStringLiteral("c1"))->inWindow);
        QCOMPARE(x1->publishDate, utcMs(2026, 2, 1, 10, 0, 0, 0));

        // Window edges: from inclusive, to exclusive, to the millisecond.
        QVERIFY(r.post(QStringLiteral("edge-from")));
        QVERIFY(!r.post(QStringLiteral("edge-before")));
        QVERIFY(!r.post(QStringLiteral("edge-to")));
        QVERIFY(!r.post(QStringLiteral("out1")));
    }

    void postsById()
    {
        const QString db = QStringLiteral("pgsrc_byid");
        QVERIFY(!freshDb(db).isEmpty());
        Run r;
        r.out.scope = windowScope({QStringLiteral("org2")});
        PostgresSource source(PostgresOptions{roleUrl(db), 5, 30000});
        QVERIFY2(source.open(r.out, {}, &r.error), qPrintable(r.error));
        source.readScope(r.out, {});
        QCOMPARE(r.postIds(), QSet<QString>{QStringLiteral("p4")});
        QCOMPARE(r.integrationIds(), QSet<QString>{QStringLiteral("int3")});
        QVERIFY(source.isOpen());

        source.readPostsById({QStringLiteral("out1"), kQuoteId, kInjectionId, QStringLiteral("p4"),
                              QStringLiteral("no-such-post"), QString(), QStringLiteral("t2"),
                              QStringLiteral("out1")},
                             r.out, {});
        // Long id lists go in chunks of 1000 bound parameters.
        const auto byIdQueries = [&r] {
            return std::count_if(r.out.activity.begin(), r.out.activity.end(), [](const ActivityEntry &a) {
                return a.text.contains(QLatin1String("FROM \"Post\" t WHERE t.\"id\" = ANY($1::text[])"));
            });
        };
        const auto queriesBefore = byIdQueries();
        QStringList many;
        for (int i = 0; i < 2499; ++i)
            many << QStringLiteral("missing-%1").arg(i);
        many << QStringLiteral("edge-to");
        source.readPostsById(many, r.out, {});
        QCOMPARE(byIdQueries() - queriesBefore, 3);
        QVERIFY(r.post(QStringLiteral("edge-to")));
        QVERIFY(!r.post(QStringLiteral("edge-to"))->inWindow);
        source.close(r.out);
        QVERIFY2(r.out.gaps.empty(), qPrintable(r.gapsText()));

        // t2 brings its parent t1 and its child t3; all named ones are outside the window.
        QCOMPARE(r.postIds(),
                 (QSet<QString>{QStringLiteral("p4"), QStringLiteral("out1"), kQuoteId, kInjectionId,
                                QStringLiteral("t1"), QStringLiteral("t2"), QStringLiteral("t3"),
                                QStringLiteral("edge-to")}));
        QCOMPARE(r.postIds(true), QSet<QString>{QStringLiteral("p4")});
        QCOMPARE(r.out.posts.size(), size_t(8)); // no duplicates
        QCOMPARE(toString(r.post(QStringLiteral("out1"))->state), toString(PostState::Error));
        QCOMPARE(r.post(kInjectionId)->content, QStringLiteral("inj"));
        // The errors, channels and organisations those posts reference are read too.
        QCOMPARE(r.errorIds(), QSet<QString>{QStringLiteral("e2")});
        QCOMPARE(r.integrationIds(), (QSet<QString>{QStringLiteral("int1"), QStringLiteral("int3")}));
        QCOMPARE(r.organizationIds(), (QSet<QString>{QStringLiteral("org1"), QStringLiteral("org2")}));
        // and the quote in an id did nothing to the table
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM \"Post\"")), QStringLiteral("17"));
    }

    // One capture is one database snapshot: rows committed by others after open() stay
    // invisible to later lookups in the same capture.
    void repeatableRead()
    {
        const QString db = QStringLiteral("pgsrc_rr");
        const QString url = freshDb(db);
        QVERIFY(!url.isEmpty());
        SnapshotData out;
        out.scope = windowScope();
        PostgresSource source(PostgresOptions{url, 5, 30000});
        QString error;
        QVERIFY2(source.open(out, {}, &error), qPrintable(error));
        source.readScope(out, {});
        const size_t before = out.posts.size();

        QVERIFY(testsvc::psql(db, QStringLiteral(
            "INSERT INTO \"Post\"(id, state, \"publishDate\", \"organizationId\", \"integrationId\", content, "
            "\"group\", \"updatedAt\") VALUES ('late', 'QUEUE', '2026-03-05 10:00', 'org1', 'int1', 'x', 'gl', now());"
            "UPDATE \"Post\" SET state = 'PUBLISHED' WHERE id = 'out1';")));
        source.readPostsById({QStringLiteral("late"), QStringLiteral("out1")}, out, {});
        source.close(out);
        QCOMPARE(out.posts.size(), before + 1);
        bool sawOut1 = false;
        for (const Post &p : out.posts) {
            QVERIFY(p.id != QLatin1String("late"));
            if (p.id == QLatin1String("out1")) {
                sawOut1 = true;
                QCOMPARE(toString(p.state), toString(PostState::Error)); // as of the snapshot, not PUBLISHED
            }
        }
        QVERIFY(sawOut1);

        // A new capture does see them: the insert above really happened.
        const Run again = capture(url, windowScope(), {QStringLiteral("late")});
        QVERIFY(again.post(QStringLiteral("late")));
        QCOMPARE(again.post(QStringLiteral("late"))->inWindow, false);
    }

    // Nothing is written: no transaction id is ever assigned, no row version changes.
    void nothingWritten()
    {
        const QString db = QStringLiteral("pgsrc_nowrite");
        const QString url = freshDb(db);
        QVERIFY(!url.isEmpty());
        const QString fingerprintSql = QStringLiteral(
            "SELECT (SELECT string_agg(id || ':' || xmin::text || ':' || ctid::text, ',' ORDER BY id) FROM \"Post\") "
            "|| (SELECT string_agg(id || ':' || xmin::text, ',' ORDER BY id) FROM \"Integration\") "
            "|| (SELECT string_agg(id || ':' || xmin::text, ',' ORDER BY id) FROM \"Errors\")");
        const QString before = scalar(db, fingerprintSql);
        QVERIFY(before.contains(QLatin1String("p1:")));

        SnapshotData out;
        out.scope = windowScope();
        PostgresSource source(PostgresOptions{roleUrl(db), 5, 30000});
        QString error;
        QVERIFY2(source.open(out, {}, &error), qPrintable(error));
        source.readScope(out, {});
        source.readPostsById({QStringLiteral("out1"), kQuoteId}, out, {});
        // While the transaction is open: the session is ours, named, and holds no xid.
        const QString session = scalar(db, QStringLiteral(
            "SELECT application_name || '|' || coalesce(backend_xid::text, 'no-xid') || '|' || state "
            "FROM pg_stat_activity WHERE usename = '%1' AND datname = '%2'").arg(kRole, db));
        QCOMPARE(session, QStringLiteral("postscope|no-xid|idle in transaction"));
        source.close(out);
        QVERIFY(!source.isOpen());
        QCOMPARE(scalar(db, fingerprintSql), before);
    }

    void schemaDrift_data()
    {
        QTest::addColumn<QString>("ddl");
        QTest::addColumn<QStringList>("missingColumns");
        QTest::addColumn<QStringList>("missingTables");
        QTest::addColumn<QString>("reasonContains");
        QTest::addColumn<int>("posts");
        QTest::addColumn<int>("integrations");

        QTest::newRow("no intervalInDays")
            << QStringLiteral("ALTER TABLE \"Post\" DROP COLUMN \"intervalInDays\"")
            << QStringList{QStringLiteral("Post.intervalInDays")} << QStringList()
            << QStringLiteral("column \"Post\".\"intervalInDays\" not found: older Postiz? repeat-interval data unavailable")
            << 12 << 3;
        QTest::newRow("no Integration.refreshNeeded")
            << QStringLiteral("ALTER TABLE \"Integration\" DROP COLUMN \"refreshNeeded\"")
            << QStringList{QStringLiteral("Integration.refreshNeeded")} << QStringList()
            << QStringLiteral("refreshNeeded") << 12 << 3;
        QTest::newRow("no Errors table") << QStringLiteral("DROP TABLE \"Errors\"") << QStringList()
                                         << QStringList{QStringLiteral("Errors")}
                                         << QStringLiteral("table \"Errors\" not found") << 12 << 3;
        QTest::newRow("no parentPostId")
            << QStringLiteral("ALTER TABLE \"Post\" DROP COLUMN \"parentPostId\"")
            << QStringList{QStringLiteral("Post.parentPostId")} << QStringList()
            << QStringLiteral("threads cannot be followed") << 8 << 3;
        QTest::newRow("no Post table") << QStringLiteral("DROP TABLE \"Errors\"; DROP TABLE \"Post\"")
                                       << QStringList() << QStringList{QStringLiteral("Post"), QStringLiteral("Errors")}
                                       << QStringLiteral("table \"Post\" not found") << 0 << 3;
        QTest::newRow("Errors not granted")
            << QStringLiteral("REVOKE SELECT ON \"Errors\" FROM %1").arg(kRole) << QStringList()
            << QStringList{QStringLiteral("Errors")} << QStringLiteral("no SELECT privilege on table \"Errors\"")
            << 12 << 3;
    }

    void schemaDrift()
    {
        QFETCH(QString, ddl);
        QFETCH(QStringList, missingColumns);
        QFETCH(QStringList, missingTables);
        QFETCH(QString, reasonContains);
        QFETCH(int, posts);
        QFETCH(int, integrations);

        const QString db = QStringLiteral("pgsrc_drift");
        QVERIFY(!freshDb(db).isEmpty());
        QVERIFY(testsvc::psql(db, ddl));
        const Run r = capture(roleUrl(db), windowScope(), {QStringLiteral("out1")});
        QVERIFY2(r.opened, qPrintable(r.error));
        QCOMPARE(r.out.server.missingColumns, missingColumns);
        QCOMPARE(r.out.server.missingTables, missingTables);
        bool found = false;
        for (const Gap &g : r.out.gaps) {
            QCOMPARE(g.source, QStringLiteral("postgres"));
            found = found || g.reason.contains(reasonContains);
        }
        QVERIFY2(found, qPrintable(r.gapsText()));
        QCOMPARE(int(r.out.gaps.size()), int(missingColumns.size() + missingTables.size()));
        QCOMPARE(int(r.out.posts.size()), posts + (posts > 0 ? 1 : 0)); // + out1 by id
        QCOMPARE(int(r.out.integrations.size()), integrations);
        QCOMPARE(int(r.out.organizations.size()), 2);
        if (posts > 0) {
            const Post *p1 = r.post(QStringLiteral("p1"));
            QVERIFY(p1);
            QCOMPARE(p1->publishDate, utcMs(2026, 1, 15, 14, 30, 0, 123));
            QCOMPARE(p1->intervalInDays.has_value(), !missingColumns.contains(QLatin1String("Post.intervalInDays")));
        }
        if (missingTables.contains(QLatin1String("Errors")))
            QVERIFY(r.out.errors.empty());
        for (const ActivityEntry &a : r.out.activity)
            QVERIFY2(a.error.isEmpty(), qPrintable(a.text + QLatin1String(" -> ") + a.error));
    }

    // Prisma's DATABASE_URL carries ?schema=…, which libpq itself rejects.
    void prismaSchemaParameter()
    {
        const QString db = QStringLiteral("pgsrc_schema");
        QVERIFY(!freshDb(db).isEmpty());
        QVERIFY(testsvc::psql(db, QStringLiteral("ALTER SCHEMA public RENAME TO postiz; CREATE SCHEMA public; "
                                                 "GRANT USAGE ON SCHEMA postiz TO %1;").arg(kRole)));
        const Run plain = capture(roleUrl(db), windowScope());
        QVERIFY2(plain.opened, qPrintable(plain.error));
        QCOMPARE(plain.out.server.missingTables.size(), 4);
        QVERIFY(plain.out.posts.empty());

        const Run prisma = capture(roleUrl(db) + QStringLiteral("?schema=postiz&connection_limit=5&sslmode=disable"),
                                   windowScope());
        QVERIFY2(prisma.opened, qPrintable(prisma.error));
        QVERIFY2(prisma.out.gaps.empty(), qPrintable(prisma.gapsText()));
        QCOMPARE(prisma.out.posts.size(), size_t(12));
    }

    void connectionErrors_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("mustContain");

        const auto &svc = testsvc::services();
        QTest::newRow("wrong password")
            << QStringLiteral("postgresql://%1:wrong@%2:%3/postgres").arg(kRole, svc.pgHost).arg(svc.pgPort)
            << QStringList{QStringLiteral("password authentication failed for user \"%1\"").arg(kRole)};
        QTest::newRow("no password")
            << QStringLiteral("postgresql://%1@%2:%3/postgres").arg(kRole, svc.pgHost).arg(svc.pgPort)
            << QStringList{QStringLiteral("password")};
        // Port 1 (tcpmux) has no listener on a test machine.
        QTest::newRow("closed port") << QStringLiteral("postgresql://%1:pw@127.0.0.1:1/postgres").arg(kRole)
                                     << QStringList{QStringLiteral("PostgreSQL at 127.0.0.1:1 is unreachable: connection refused")};
        QTest::newRow("missing database")
            << testsvc::pgUrl(QStringLiteral("pgsrc_does_not_exist"))
            << QStringList{QStringLiteral("database \"pgsrc_does_not_exist\" does not exist")};
        QTest::newRow("empty url") << QString() << QStringList{QStringLiteral("no PostgreSQL URL")};
        QTest::newRow("garbage url") << QStringLiteral("postgresql://[::1") << QStringList{QStringLiteral("PostgreSQL")};
    }

    void connectionErrors()
    {
        QFETCH(QString, url);
        QFETCH(QStringList, mustContain);

        SnapshotData out;
        out.scope = windowScope();
        PostgresSource source(PostgresOptions{url, 3, 30000});
        QString error;
        QElapsedTimer t;
        t.start();
        QVERIFY(!source.open(out, {}, &error));
        QVERIFY(t.elapsed() < 3500);
        QVERIFY(!source.isOpen());
        for (const QString &s : mustContain)
            QVERIFY2(error.contains(s), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
        QCOMPARE(out.gaps.size(), size_t(1));
        QCOMPARE(out.gaps.front().source, QStringLiteral("postgres"));
        QCOMPARE(out.gaps.front().reason, error);
        // Reading after a failed open is harmless: one more gap, no data, no throw.
        source.readScope(out, {});
        source.readPostsById({QStringLiteral("p1")}, out, {});
        QVERIFY(out.posts.empty());
        source.close(out);
    }

    // A statement that runs past statement_timeout costs its own data only: the
    // transaction recovers (savepoint) and the later reads still succeed.
    void statementTimeout()
    {
        const QString db = QStringLiteral("pgsrc_timeout");
        QVERIFY(!freshDb(db).isEmpty());
        QVERIFY(testsvc::psql(db, QStringLiteral(
            "ALTER TABLE \"Errors\" RENAME TO \"ErrorsReal\"; "
            "CREATE VIEW \"Errors\" AS SELECT e.* FROM \"ErrorsReal\" e, pg_sleep(2); "
            "GRANT SELECT ON \"Errors\", \"ErrorsReal\" TO %1;").arg(kRole)));
        QElapsedTimer t;
        t.start();
        const Run r = capture(roleUrl(db), windowScope(), {QStringLiteral("out1")}, 300);
        QVERIFY2(r.opened, qPrintable(r.error));
        QVERIFY(t.elapsed() < 3000);
        const Gap *g = r.gap(QStringLiteral("\"Errors\" rows"));
        QVERIFY2(g, qPrintable(r.gapsText()));
        QVERIFY2(g->reason.contains(QLatin1String("statement timeout (300 ms)")), qPrintable(g->reason));
        QVERIFY(r.out.errors.empty());
        QCOMPARE(r.out.posts.size(), size_t(13)); // the window, its threads and out1 after the failure
        QVERIFY(r.post(QStringLiteral("out1")));
        QCOMPARE(r.integrationIds().size(), 3);
    }

    void serverGoneMidCapture_data()
    {
        QTest::addColumn<bool>("duringQuery");
        QTest::addColumn<int>("postsKept");
        QTest::addColumn<QString>("lostWhile");
        QTest::newRow("between statements") << false << 0 << QStringLiteral("organisations");
        QTest::newRow("during a query") << true << 12 << QStringLiteral("\"Errors\" rows");
    }

    void serverGoneMidCapture()
    {
        QFETCH(bool, duringQuery);
        QFETCH(int, postsKept);
        QFETCH(QString, lostWhile);

        const QString db = QStringLiteral("pgsrc_gone");
        QVERIFY(!freshDb(db).isEmpty());
        const QString kill = QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                            "WHERE application_name = 'postscope' AND datname = '%1'")
                                 .arg(db);
        if (duringQuery) {
            // "Errors" becomes a view that takes 3 s, so the session dies while reading it.
            QVERIFY(testsvc::psql(db, QStringLiteral(
                "ALTER TABLE \"Errors\" RENAME TO \"ErrorsReal\"; "
                "CREATE VIEW \"Errors\" AS SELECT e.* FROM \"ErrorsReal\" e, pg_sleep(3); "
                "GRANT SELECT ON \"Errors\", \"ErrorsReal\" TO %1;").arg(kRole)));
        }
        SnapshotData out;
        out.scope = windowScope();
        PostgresSource source(PostgresOptions{roleUrl(db), 5, 30000});
        QString error;
        QVERIFY2(source.open(out, {}, &error), qPrintable(error));
        QProcess killer;
        if (duringQuery) {
            const auto &svc = testsvc::services();
            killer.start(QStringLiteral("psql"),
                         {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-h"), svc.pgHost,
                          QStringLiteral("-p"), QString::number(svc.pgPort), QStringLiteral("-U"), svc.pgSuperuser,
                          QStringLiteral("-d"), QStringLiteral("postgres"), QStringLiteral("-c"),
                          QStringLiteral("SELECT pg_sleep(1)"), QStringLiteral("-c"), kill});
            QVERIFY(killer.waitForStarted());
        } else {
            QVERIFY(testsvc::psql(QStringLiteral("postgres"), kill));
        }
        source.readScope(out, {});
        source.readPostsById({QStringLiteral("out1")}, out, {});
        QVERIFY(!source.isOpen());
        source.close(out);
        if (duringQuery) {
            QVERIFY(killer.waitForFinished(30000));
            QCOMPARE(killer.exitCode(), 0);
        }
        QCOMPARE(int(out.posts.size()), postsKept);
        int lost = 0;
        for (const Gap &g : out.gaps) {
            if (g.reason.contains(QLatin1String("connection to PostgreSQL at"))
                && g.reason.contains(QLatin1String(" lost while reading ") + lostWhile)) {
                ++lost;
                QVERIFY2(g.reason.contains(QLatin1String("the server")), qPrintable(g.reason));
            }
        }
        QVERIFY2(lost == 1, qPrintable([&] {
                     QStringList l;
                     for (const Gap &g : out.gaps)
                         l << g.reason;
                     return l.join(QLatin1Char('\n'));
                 }()));
    }

    void cancelled()
    {
        const QString db = QStringLiteral("pgsrc_cancel");
        QVERIFY(!freshDb(db).isEmpty());
        std::atomic_bool cancel{false};
        CaptureContext ctx;
        QStringList stages;
        ctx.cancelFlag = &cancel;
        ctx.onProgress = [&](const QString &stage, qint64 done, qint64) {
            stages << stage;
            // stop as soon as the window's posts are read
            if (stage == QLatin1String("PostgreSQL: posts") && done > 0)
                cancel = true;
        };
        SnapshotData out;
        out.scope = windowScope();
        PostgresSource source(PostgresOptions{roleUrl(db), 5, 30000});
        QString error;
        QVERIFY(source.open(out, ctx, &error));
        source.readScope(out, ctx);
        source.close(out);
        QVERIFY(stages.contains(QStringLiteral("PostgreSQL: posts")));
        QVERIFY(!stages.contains(QStringLiteral("PostgreSQL: threads")));
        QVERIFY(!stages.contains(QStringLiteral("PostgreSQL: errors")));
        QCOMPARE(out.posts.size(), size_t(8)); // the window, without the thread relatives
        QVERIFY(out.errors.empty());
        QCOMPARE(out.gaps.size(), size_t(1));
        QVERIFY(out.gaps.front().reason.contains(QLatin1String("cancelled")));
    }

    void manyPosts()
    {
        const QString db = QStringLiteral("pgsrc_many");
        QVERIFY(!freshDb(db).isEmpty());
        QVERIFY(testsvc::psql(db, QStringLiteral(
            "INSERT INTO \"Post\"(id, state, \"publishDate\", \"organizationId\", \"integrationId\", content, "
            "\"group\", \"updatedAt\") SELECT 'bulk-' || g, 'QUEUE', "
            "timestamp '2026-01-11 00:00' + g * interval '1 second', 'org1', 'int1', "
            "'post number ' || g, 'gb-' || g, now() FROM generate_series(1, 100000) g")));
        qint64 lastProgress = 0;
        CaptureContext ctx;
        ctx.onProgress = [&](const QString &stage, qint64 done, qint64) {
            if (stage == QLatin1String("PostgreSQL: posts"))
                lastProgress = done;
        };
        // The first read after a bulk load also pays the server's hint-bit writes;
        // the second is the steady state.
        qint64 ms = 0;
        for (int round = 0; round < 2; ++round) {
            SnapshotData out;
            out.scope = windowScope();
            PostgresSource source(PostgresOptions{roleUrl(db), 5, 30000});
            QString error;
            QVERIFY(source.open(out, ctx, &error));
            QElapsedTimer t;
            t.start();
            source.readScope(out, ctx);
            ms = t.elapsed();
            source.close(out);
            qInfo("round %d: 100,000 posts read in %lld ms", round + 1, ms);
            for (const ActivityEntry &a : out.activity)
                if (a.durationUs > 10000)
                    qInfo("%8lld us %7lld rows %9lld bytes  %s", a.durationUs, a.rows, a.bytes,
                          qPrintable(a.text.left(60)));
            QVERIFY(out.gaps.empty());
            QCOMPARE(out.posts.size(), size_t(100000 + 12));
            QCOMPARE(lastProgress, 100008);
        }
        QVERIFY2(ms < 10000, qPrintable(QString::number(ms)));
    }
};

QTEST_GUILESS_MAIN(TestPostgresSource)
#include "tst_postgressource.moc"
