#include "connectionpane.h"

#include "sources/connectionurl.h"
#include "sources/envfile.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace postscope {

namespace {
QString htmlLines(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}
} // namespace

// ---------------------------------------------------------------- ServerForm

ServerForm::ServerForm(Kind kind, QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
{
    const bool pg = kind == Kind::Postgres;
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *modeRow = new QHBoxLayout;
    m_mode = new QComboBox(this);
    m_mode->addItems({QStringLiteral("By URL"), QStringLiteral("By fields")});
    modeRow->addWidget(m_mode);
    modeRow->addStretch(1);
    layout->addLayout(modeRow);

    m_stack = new QStackedWidget(this);
    auto *urlPage = new QWidget(m_stack);
    auto *urlForm = new QFormLayout(urlPage);
    urlForm->setContentsMargins(0, 0, 0, 0);
    m_url = new QLineEdit(urlPage);
    m_url->setPlaceholderText(pg ? QStringLiteral("postgresql://user@host:5432/postiz?sslmode=prefer")
                                 : QStringLiteral("redis://[user@]host:6379/0"));
    m_url->setToolTip(QStringLiteral("A password typed into the URL moves to the password field below"));
    urlForm->addRow(QStringLiteral("URL"), m_url);
    m_stack->addWidget(urlPage);

    auto *fieldsPage = new QWidget(m_stack);
    auto *fields = new QFormLayout(fieldsPage);
    fields->setContentsMargins(0, 0, 0, 0);
    m_host = new QLineEdit(QStringLiteral("localhost"), fieldsPage);
    fields->addRow(QStringLiteral("Host"), m_host);
    m_port = new QSpinBox(fieldsPage);
    m_port->setRange(1, 65535);
    m_port->setValue(pg ? 5432 : 6379);
    fields->addRow(QStringLiteral("Port"), m_port);
    m_user = new QLineEdit(fieldsPage);
    m_user->setPlaceholderText(pg ? QStringLiteral("postgres") : QStringLiteral("(default user)"));
    fields->addRow(QStringLiteral("User"), m_user);
    if (pg) {
        m_database = new QLineEdit(fieldsPage);
        m_database->setPlaceholderText(QStringLiteral("postiz"));
        fields->addRow(QStringLiteral("Database"), m_database);
        m_sslmode = new QComboBox(fieldsPage);
        m_sslmode->addItems({QString(), QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                             QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")});
        m_sslmode->setToolTip(QStringLiteral("Empty: libpq's default (prefer)"));
        fields->addRow(QStringLiteral("SSL mode"), m_sslmode);
    } else {
        m_db = new QSpinBox(fieldsPage);
        m_db->setRange(0, 1023);
        fields->addRow(QStringLiteral("DB number"), m_db);
    }
    m_stack->addWidget(fieldsPage);
    layout->addWidget(m_stack);
    // A stacked widget is as tall as its tallest page; only the shown page should count,
    // or the one-line URL page sits above the fields page's empty height.
    auto fitStack = [this](int index) {
        for (int i = 0; i < m_stack->count(); ++i)
            m_stack->widget(i)->setSizePolicy(QSizePolicy::Preferred,
                                              i == index ? QSizePolicy::Preferred : QSizePolicy::Ignored);
        m_stack->setCurrentIndex(index);
        m_stack->updateGeometry();
    };
    fitStack(0);

    auto *pwForm = new QFormLayout;
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(QStringLiteral("(none)"));
    pwForm->addRow(QStringLiteral("Password"), m_password);
    layout->addLayout(pwForm);

    auto *testRow = new QHBoxLayout;
    m_test = new QPushButton(QStringLiteral("Test"), this);
    m_test->setToolTip(pg ? QStringLiteral("Connect, show the server version and check Postiz's tables and columns")
                          : QStringLiteral("Connect, show the server version and the queues with their job counts"));
    testRow->addWidget(m_test);
    testRow->addStretch(1);
    layout->addLayout(testRow);
    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();
    layout->addWidget(m_result);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this, fitStack](int index) {
        if (index == 1)
            syncToFields();
        else
            syncToUrl();
        fitStack(index);
    });
    connect(m_url, &QLineEdit::editingFinished, this, [this]() {
        // Move a pasted password out of sight.
        const QUrl u(m_url->text().trimmed());
        if (!u.password().isEmpty())
            setUrl(m_url->text().trimmed());
    });
    for (QLineEdit *e : {m_url, m_host, m_user, m_password})
        connect(e, &QLineEdit::textEdited, this, &ServerForm::edited);
    connect(m_test, &QPushButton::clicked, this, [this]() { test(m_testPrefix, m_testQueue); });
}

QString ServerForm::fieldsUrl(bool withPassword) const
{
    if (m_kind == Kind::Postgres) {
        PostgresFields f;
        f.host = m_host->text().trimmed();
        f.port = m_port->value();
        f.user = m_user->text().trimmed();
        f.password = withPassword ? m_password->text() : QString();
        f.database = m_database->text().trimmed();
        f.sslmode = m_sslmode->currentText();
        return connectionurl::postgresUrl(f);
    }
    QUrl u;
    u.setScheme(QStringLiteral("redis"));
    u.setHost(m_host->text().trimmed());
    u.setPort(m_port->value());
    if (!m_user->text().trimmed().isEmpty())
        u.setUserName(m_user->text().trimmed());
    if (withPassword && !m_password->text().isEmpty())
        u.setPassword(m_password->text());
    u.setPath(QStringLiteral("/%1").arg(m_db->value()));
    return u.toString();
}

QString ServerForm::url() const
{
    if (usesFields())
        return fieldsUrl(true);
    const QString text = m_url->text().trimmed();
    if (text.isEmpty() || m_password->text().isEmpty())
        return text;
    QUrl u(text);
    if (!u.isValid() || u.host().isEmpty())
        return text;
    u.setPassword(m_password->text());
    return u.toString();
}

QString ServerForm::urlWithoutPassword() const
{
    return usesFields() ? fieldsUrl(false) : connectionurl::withoutPassword(m_url->text().trimmed());
}

void ServerForm::setUrl(const QString &url)
{
    const QUrl u(url);
    if (!u.password().isEmpty())
        m_password->setText(u.password());
    m_url->setText(connectionurl::withoutPassword(url));
    if (usesFields())
        syncToFields();
}

QString ServerForm::password() const
{
    return m_password->text();
}

void ServerForm::setPassword(const QString &password)
{
    m_password->setText(password);
}

bool ServerForm::usesFields() const
{
    return m_mode->currentIndex() == 1;
}

void ServerForm::setUseFields(bool on)
{
    m_mode->setCurrentIndex(on ? 1 : 0);
}

void ServerForm::syncToFields()
{
    const QString text = m_url->text().trimmed();
    if (text.isEmpty())
        return;
    if (m_kind == Kind::Postgres) {
        PostgresFields f;
        QString error;
        if (!connectionurl::parsePostgresUrl(text, &f, &error))
            return;
        m_host->setText(f.host);
        m_port->setValue(f.port);
        m_user->setText(f.user);
        m_database->setText(f.database);
        m_sslmode->setCurrentText(f.sslmode);
        if (!f.password.isEmpty())
            m_password->setText(f.password);
        return;
    }
    const QUrl u(text);
    if (!u.isValid())
        return;
    m_host->setText(u.host());
    m_port->setValue(u.port(6379));
    m_user->setText(u.userName());
    const QString path = u.path().mid(1);
    m_db->setValue(path.isEmpty() ? 0 : path.toInt());
}

void ServerForm::syncToUrl()
{
    m_url->setText(fieldsUrl(false));
}

void ServerForm::test(const QString &prefix, const QString &queue)
{
    if (m_testing)
        return;
    m_testing = true;
    m_test->setEnabled(false);
    m_result->show();
    m_result->setText(QStringLiteral("Testing %1…").arg(urlWithoutPassword().toHtmlEscaped()));
    auto *watcher = new QFutureWatcher<ConnectionTestResult>(this);
    connect(watcher, &QFutureWatcher<ConnectionTestResult>::finished, this, [this, watcher]() {
        watcher->deleteLater();
        m_last = watcher->result();
        m_testing = false;
        m_test->setEnabled(true);
        QString html;
        if (m_last.ok) {
            html = QStringLiteral("<span style='color:#2e7d32'>✔</span> ") + htmlLines(m_last.summary);
            for (const QString &w : std::as_const(m_last.warnings))
                html += QStringLiteral("<br><span style='color:#b26a00'>⚠ %1</span>").arg(w.toHtmlEscaped());
        } else {
            html = QStringLiteral("<span style='color:#c0392b'>✘ %1</span>").arg(htmlLines(m_last.error));
        }
        m_result->setText(html);
        Q_EMIT tested(m_last.ok);
    });
    if (m_kind == Kind::Postgres) {
        PostgresOptions o;
        o.url = url();
        o.connectTimeoutSeconds = 5;
        watcher->setFuture(QtConcurrent::run([o]() { return connectiontest::postgres(o); }));
    } else {
        RedisOptions o;
        o.url = url();
        o.prefix = prefix.isEmpty() ? QStringLiteral("bull") : prefix;
        o.queue = queue.isEmpty() ? QStringLiteral("post") : queue;
        o.connectTimeoutMs = 3000;
        watcher->setFuture(QtConcurrent::run([o]() { return connectiontest::redis(o); }));
    }
}

QString ServerForm::resultText() const
{
    return m_result->isVisible() || !m_result->text().isEmpty() ? m_result->text() : QString();
}

// ---------------------------------------------------------------- ConnectionPane

ConnectionPane::ConnectionPane(QWidget *parent)
    : QWidget(parent)
    , m_store(new ProfileStore(this))
{
    auto *layout = new QVBoxLayout(this);

    auto *profileRow = new QHBoxLayout;
    profileRow->addWidget(new QLabel(QStringLiteral("Profile"), this));
    m_profile = new QComboBox(this);
    m_profile->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_profile->setMinimumContentsLength(12);
    profileRow->addWidget(m_profile, 1);
    auto *save = new QPushButton(QStringLiteral("Save…"), this);
    save->setToolTip(QStringLiteral("Save these settings as a named profile"));
    profileRow->addWidget(save);
    auto *remove = new QPushButton(QStringLiteral("Delete"), this);
    profileRow->addWidget(remove);
    layout->addLayout(profileRow);

    auto *envRow = new QHBoxLayout;
    auto *importEnv = new QPushButton(QStringLiteral("Import Postiz .env…"), this);
    importEnv->setToolTip(QStringLiteral("Read DATABASE_URL and REDIS_URL from a Postiz .env file"));
    envRow->addWidget(importEnv);
    envRow->addStretch(1);
    layout->addLayout(envRow);

    m_pgBox = new QGroupBox(QStringLiteral("PostgreSQL"), this);
    m_pgBox->setCheckable(true);
    m_pgBox->setChecked(true);
    auto *pgLayout = new QVBoxLayout(m_pgBox);
    m_pg = new ServerForm(ServerForm::Kind::Postgres, m_pgBox);
    pgLayout->addWidget(m_pg);
    layout->addWidget(m_pgBox);

    m_redisBox = new QGroupBox(QStringLiteral("Redis (BullMQ)"), this);
    m_redisBox->setCheckable(true);
    m_redisBox->setChecked(true);
    auto *redisLayout = new QVBoxLayout(m_redisBox);
    m_redis = new ServerForm(ServerForm::Kind::Redis, m_redisBox);
    redisLayout->addWidget(m_redis);
    auto *queueForm = new QFormLayout;
    m_prefix = new QLineEdit(QStringLiteral("bull"), m_redisBox);
    queueForm->addRow(QStringLiteral("Prefix"), m_prefix);
    m_queue = new QComboBox(m_redisBox);
    m_queue->setEditable(true);
    m_queue->addItem(QStringLiteral("post"));
    m_queue->setToolTip(QStringLiteral("The queue whose jobs are Postiz's posts; \"Test\" lists the queues found"));
    queueForm->addRow(QStringLiteral("Queue"), m_queue);
    redisLayout->addLayout(queueForm);
    layout->addWidget(m_redisBox);

    auto *scopeBox = new QGroupBox(QStringLiteral("Scope"), this);
    auto *scope = new QFormLayout(scopeBox);
    m_org = new QComboBox(scopeBox);
    m_org->setObjectName(QStringLiteral("scopeOrganisation"));
    m_org->setEditable(true);
    m_org->addItem(QStringLiteral("All organisations"), QString());
    m_org->setToolTip(QStringLiteral("An organisation id (the list fills after a capture)"));
    scope->addRow(QStringLiteral("Organisation"), m_org);
    m_integrations = new QLineEdit(scopeBox);
    m_integrations->setObjectName(QStringLiteral("scopeIntegrations"));
    m_integrations->setPlaceholderText(QStringLiteral("all (or ids, comma-separated)"));
    m_integrations->setToolTip(QStringLiteral("Integration ids, comma-separated; \"Choose…\" lists them by name"));
    m_pickIntegrations = new QToolButton(scopeBox);
    m_pickIntegrations->setObjectName(QStringLiteral("chooseIntegrations"));
    m_pickIntegrations->setText(QStringLiteral("Choose…"));
    m_pickIntegrations->setToolTip(QStringLiteral("Pick integrations by name from the last snapshot (of the chosen organisation)"));
    m_selectionIntegrations = new QToolButton(scopeBox);
    m_selectionIntegrations->setObjectName(QStringLiteral("selectionIntegrations"));
    m_selectionIntegrations->setText(QStringLiteral("From selection"));
    m_selectionIntegrations->setToolTip(QStringLiteral("Scope to the integrations of the posts selected on the timeline or in the tables"));
    m_selectionIntegrations->setEnabled(false);
    auto *integrationRow = new QHBoxLayout;
    integrationRow->setContentsMargins(0, 0, 0, 0);
    integrationRow->addWidget(m_integrations, 1);
    integrationRow->addWidget(m_pickIntegrations);
    integrationRow->addWidget(m_selectionIntegrations);
    scope->addRow(QStringLiteral("Integrations"), integrationRow);
    connect(m_pickIntegrations, &QToolButton::clicked, this, [this]() { openIntegrationPicker(); });
    connect(m_selectionIntegrations, &QToolButton::clicked, this, &ConnectionPane::useSelectionIntegrations);
    m_defaultWindow = new QCheckBox(QStringLiteral("Default window: 7 days back, 30 days ahead"), scopeBox);
    m_defaultWindow->setChecked(true);
    scope->addRow(m_defaultWindow);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_from = new QDateTimeEdit(now.addDays(-7), scopeBox);
    m_to = new QDateTimeEdit(now.addDays(30), scopeBox);
    for (QDateTimeEdit *e : {m_from, m_to}) {
        e->setTimeSpec(Qt::UTC);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        e->setCalendarPopup(true);
        e->setEnabled(false);
    }
    scope->addRow(QStringLiteral("From"), m_from);
    scope->addRow(QStringLiteral("To"), m_to);
    connect(m_defaultWindow, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(!on);
        m_to->setEnabled(!on);
    });
    layout->addWidget(scopeBox);

    auto *captureRow = new QHBoxLayout;
    m_capture = new QPushButton(QStringLiteral("Capture"), this);
    m_capture->setDefault(true);
    m_capture->setToolTip(QStringLiteral("Read both servers into a new snapshot (F5)"));
    captureRow->addWidget(m_capture);
    m_cancel = new QPushButton(QStringLiteral("Cancel"), this);
    m_cancel->setEnabled(false);
    captureRow->addWidget(m_cancel);
    captureRow->addStretch(1);
    layout->addLayout(captureRow);
    auto *autoRow = new QHBoxLayout;
    m_autoRefresh = new QCheckBox(QStringLiteral("Refresh every"), this);
    autoRow->addWidget(m_autoRefresh);
    m_autoSeconds = new QSpinBox(this);
    m_autoSeconds->setRange(5, 3600);
    m_autoSeconds->setValue(30);
    m_autoSeconds->setSuffix(QStringLiteral(" s"));
    autoRow->addWidget(m_autoSeconds);
    autoRow->addStretch(1);
    layout->addLayout(autoRow);

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #c0392b; border: 1px solid #c0392b; border-radius: 3px; padding: 4px; }"));
    m_error->hide();
    layout->addWidget(m_error);

    m_storageNote = new QLabel(m_store->storageNote(), this);
    m_storageNote->setWordWrap(true);
    m_storageNote->setEnabled(false); // the palette's muted text
    layout->addWidget(m_storageNote);
    layout->addStretch(1);

    connect(m_store, &ProfileStore::storageNoteChanged, m_storageNote, &QLabel::setText);
    connect(m_store, &ProfileStore::passwordsReady, this, [this](const QString &name, const QString &pg, const QString &redis) {
        if (name != m_loadedProfile)
            return;
        if (m_pg->password().isEmpty())
            m_pg->setPassword(pg);
        if (m_redis->password().isEmpty())
            m_redis->setPassword(redis);
    });
    connect(m_capture, &QPushButton::clicked, this, &ConnectionPane::captureRequested);
    connect(m_cancel, &QPushButton::clicked, this, &ConnectionPane::cancelRequested);
    connect(m_autoRefresh, &QCheckBox::toggled, this, [this]() { Q_EMIT autoRefreshChanged(autoRefreshSeconds()); });
    connect(m_autoSeconds, &QSpinBox::valueChanged, this, [this]() {
        if (m_autoRefresh->isChecked())
            Q_EMIT autoRefreshChanged(autoRefreshSeconds());
    });
    connect(importEnv, &QPushButton::clicked, this, &ConnectionPane::importEnvDialog);
    connect(save, &QPushButton::clicked, this, &ConnectionPane::saveProfileDialog);
    connect(remove, &QPushButton::clicked, this, [this]() {
        const QString name = profileName();
        if (name.isEmpty())
            return;
        if (QMessageBox::question(this, QStringLiteral("Delete profile"), QStringLiteral("Delete the profile \"%1\"?").arg(name))
            == QMessageBox::Yes)
            m_store->remove(name);
    });
    connect(m_store, &ProfileStore::profilesChanged, this, &ConnectionPane::refreshProfileList);
    connect(m_profile, &QComboBox::activated, this, [this](int index) {
        const QString name = m_profile->itemData(index).toString();
        if (!name.isEmpty())
            loadProfile(name);
    });
    // The redis "Test" looks for queues under the chosen prefix.
    connect(m_prefix, &QLineEdit::textChanged, this, [this]() { m_redis->setQueue(m_prefix->text().trimmed(), m_queue->currentText()); });
    connect(m_queue, &QComboBox::currentTextChanged, this, [this]() { m_redis->setQueue(m_prefix->text().trimmed(), m_queue->currentText()); });
    connect(m_redis, &ServerForm::tested, this, [this](bool ok) {
        if (!ok)
            return;
        const QString current = m_queue->currentText();
        for (const QString &q : m_redis->lastResult().queues) {
            if (m_queue->findText(q) < 0)
                m_queue->addItem(q);
        }
        m_queue->setCurrentText(current);
    });
    refreshProfileList();
}

CaptureRequest ConnectionPane::request() const
{
    CaptureRequest r;
    r.usePostgres = m_pgBox->isChecked() && !m_pg->urlWithoutPassword().isEmpty();
    r.useRedis = m_redisBox->isChecked() && !m_redis->urlWithoutPassword().isEmpty();
    r.postgres.url = m_pg->url();
    r.redis.url = m_redis->url();
    r.redis.prefix = m_prefix->text().trimmed().isEmpty() ? QStringLiteral("bull") : m_prefix->text().trimmed();
    r.redis.queue = m_queue->currentText().trimmed().isEmpty() ? QStringLiteral("post") : m_queue->currentText().trimmed();
    // An item picked from the list gives its id; text typed into the box is an id itself.
    const int orgIndex = m_org->currentIndex();
    const QString org = orgIndex >= 0 && m_org->currentText() == m_org->itemText(orgIndex)
        ? m_org->itemData(orgIndex).toString()
        : m_org->currentText().trimmed();
    if (!org.isEmpty())
        r.scope.organizationIds = {org};
    const QStringList ids = m_integrations->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &id : ids)
        r.scope.integrationIds.append(id.trimmed());
    if (!m_defaultWindow->isChecked()) {
        r.scope.from = m_from->dateTime().toMSecsSinceEpoch();
        r.scope.to = m_to->dateTime().toMSecsSinceEpoch();
    }
    r.scope.prefix = r.redis.prefix;
    r.scope.queue = r.redis.queue;
    return r;
}

QString ConnectionPane::originName() const
{
    if (!profileName().isEmpty())
        return profileName();
    QStringList parts;
    const CaptureRequest r = request();
    if (r.usePostgres)
        parts.append(m_pg->urlWithoutPassword());
    if (r.useRedis)
        parts.append(m_redis->urlWithoutPassword());
    return parts.join(QStringLiteral(" + "));
}

void ConnectionPane::setPostgresUrl(const QString &url)
{
    m_pg->setUrl(url);
}

void ConnectionPane::setRedisUrl(const QString &url)
{
    m_redis->setUrl(url);
}

void ConnectionPane::setUsePostgres(bool on)
{
    m_pgBox->setChecked(on);
}

void ConnectionPane::setUseRedis(bool on)
{
    m_redisBox->setChecked(on);
}

bool ConnectionPane::importEnv(const QString &path, QString *error)
{
    EnvFile env;
    if (!EnvFile::load(path, &env, error))
        return false;
    const QString pg = env.value(QStringLiteral("DATABASE_URL"));
    const QString redis = env.value(QStringLiteral("REDIS_URL"));
    if (pg.isEmpty() && redis.isEmpty()) {
        *error = QStringLiteral("%1 has neither DATABASE_URL nor REDIS_URL").arg(path);
        return false;
    }
    if (!pg.isEmpty()) {
        m_pg->setUseFields(false);
        m_pg->setPassword(QString());
        m_pg->setUrl(pg);
    }
    if (!redis.isEmpty()) {
        m_redis->setUseFields(false);
        m_redis->setPassword(QString());
        m_redis->setUrl(redis);
    }
    m_pgBox->setChecked(!pg.isEmpty());
    m_redisBox->setChecked(!redis.isEmpty());
    return true;
}

void ConnectionPane::importEnvDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Import Postiz .env"), QString(),
                                                      QStringLiteral("Environment files (.env *.env);;All files (*)"),
                                                      nullptr, QFileDialog::DontResolveSymlinks);
    if (path.isEmpty())
        return;
    QString error;
    if (!importEnv(path, &error))
        showError(error);
    else
        showError(QString());
}

void ConnectionPane::setChoices(const Snapshot &s)
{
    const QString current = m_org->currentIndex() == 0 ? QString() : m_org->currentData().toString();
    const QString typed = m_org->currentText();
    m_org->blockSignals(true);
    m_org->clear();
    m_org->addItem(QStringLiteral("All organisations"), QString());
    for (const Organization &o : s.organizations())
        m_org->addItem(QStringLiteral("%1 (%2)").arg(o.name, o.id), o.id);
    const int index = current.isEmpty() ? 0 : m_org->findData(current);
    if (index >= 0)
        m_org->setCurrentIndex(index);
    else
        m_org->setCurrentText(typed);
    m_org->blockSignals(false);
    QHash<QString, QString> orgNames;
    for (const Organization &o : s.organizations())
        orgNames.insert(o.id, o.name);
    m_choices.clear();
    m_choices.reserve(s.integrations().size());
    for (const Integration &in : s.integrations())
        m_choices.push_back({in.id, in.name, in.providerIdentifier, in.organizationId, orgNames.value(in.organizationId),
                             in.disabled, in.deletedAt.has_value(), in.refreshNeeded});
    const QString queue = m_queue->currentText();
    for (const QueueInfo &q : s.queues()) {
        if (m_queue->findText(q.name) < 0)
            m_queue->addItem(q.name);
    }
    m_queue->setCurrentText(queue);
}

std::vector<IntegrationChoice> ConnectionPane::integrationChoices() const
{
    const QStringList org = request().scope.organizationIds;
    std::vector<IntegrationChoice> out;
    for (const IntegrationChoice &c : m_choices) {
        if (org.isEmpty() || org.contains(c.organizationId))
            out.push_back(c);
    }
    return out;
}

IntegrationPicker *ConnectionPane::openIntegrationPicker()
{
    if (!m_picker) {
        m_picker = new IntegrationPicker(this);
        connect(m_picker, &QDialog::accepted, this, [this]() {
            // Typed ids the list does not show (another organisation, not in the last
            // snapshot) stay; the listed ones become what is checked.
            const QStringList listed = m_picker->listedIds();
            QStringList ids;
            for (const QString &id : request().scope.integrationIds) {
                if (!listed.contains(id))
                    ids << id;
            }
            ids << m_picker->checkedIds();
            setIntegrationsText(ids.join(QStringLiteral(", ")));
        });
    }
    m_picker->setChoices(integrationChoices(), request().scope.integrationIds);
    m_picker->setFilterText(QString());
    m_picker->open();
    return m_picker;
}

QString ConnectionPane::integrationsText() const
{
    return m_integrations->text();
}

void ConnectionPane::setIntegrationsText(const QString &ids)
{
    m_integrations->setText(ids);
}

void ConnectionPane::setSelectionIntegrations(const QStringList &ids)
{
    m_selectionIds = ids;
    m_selectionIntegrations->setEnabled(!ids.isEmpty());
    m_selectionIntegrations->setToolTip(
        ids.isEmpty() ? QStringLiteral("Select posts on the timeline or in the tables to scope to their integrations")
                      : QStringLiteral("Scope to the integrations of the selected posts: %1").arg(ids.join(QStringLiteral(", "))));
}

void ConnectionPane::useSelectionIntegrations()
{
    if (!m_selectionIds.isEmpty())
        setIntegrationsText(m_selectionIds.join(QStringLiteral(", ")));
}

void ConnectionPane::setCapturing(bool capturing)
{
    m_capture->setEnabled(!capturing);
    m_cancel->setEnabled(capturing);
}

void ConnectionPane::showError(const QString &error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

QString ConnectionPane::errorText() const
{
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

int ConnectionPane::autoRefreshSeconds() const
{
    return m_autoRefresh->isChecked() ? m_autoSeconds->value() : 0;
}

void ConnectionPane::setAutoRefreshSeconds(int seconds)
{
    if (seconds > 0)
        m_autoSeconds->setValue(seconds);
    m_autoRefresh->setChecked(seconds > 0);
}

ConnectionProfile ConnectionPane::currentProfile(const QString &name) const
{
    ConnectionProfile p;
    p.name = name;
    p.usePostgres = m_pgBox->isChecked();
    p.useRedis = m_redisBox->isChecked();
    p.postgresUrl = m_pg->urlWithoutPassword();
    p.redisUrl = m_redis->urlWithoutPassword();
    const CaptureRequest r = request();
    p.prefix = r.redis.prefix;
    p.queue = r.redis.queue;
    p.organizationId = r.scope.organizationIds.value(0);
    p.integrationIds = r.scope.integrationIds;
    p.autoRefreshSeconds = autoRefreshSeconds();
    return p;
}

void ConnectionPane::applyProfile(const ConnectionProfile &p)
{
    m_pgBox->setChecked(p.usePostgres);
    m_redisBox->setChecked(p.useRedis);
    m_pg->setUseFields(false);
    m_redis->setUseFields(false);
    m_pg->setPassword(QString());
    m_redis->setPassword(QString());
    m_pg->setUrl(p.postgresUrl);
    m_redis->setUrl(p.redisUrl);
    m_prefix->setText(p.prefix);
    m_queue->setCurrentText(p.queue);
    if (p.organizationId.isEmpty()) {
        m_org->setCurrentIndex(0);
    } else {
        const int i = m_org->findData(p.organizationId);
        if (i >= 0)
            m_org->setCurrentIndex(i);
        else
            m_org->setCurrentText(p.organizationId);
    }
    m_integrations->setText(p.integrationIds.join(QStringLiteral(", ")));
    setAutoRefreshSeconds(p.autoRefreshSeconds);
}

QString ConnectionPane::profileName() const
{
    return m_profile->currentData().toString();
}

bool ConnectionPane::loadProfile(const QString &name)
{
    if (!m_store->contains(name))
        return false;
    m_loadedProfile = name;
    applyProfile(m_store->profile(name));
    const int i = m_profile->findData(name);
    if (i >= 0)
        m_profile->setCurrentIndex(i);
    m_store->setLastProfile(name);
    m_store->requestPasswords(name);
    return true;
}

void ConnectionPane::saveProfile(const QString &name)
{
    m_store->save(currentProfile(name), m_pg->password(), m_redis->password());
    m_loadedProfile = name;
    m_store->setLastProfile(name);
    const int i = m_profile->findData(name);
    if (i >= 0)
        m_profile->setCurrentIndex(i);
}

void ConnectionPane::saveProfileDialog()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, QStringLiteral("Save profile"), QStringLiteral("Profile name"),
                                               QLineEdit::Normal, profileName(), &ok)
                             .trimmed();
    if (ok && !name.isEmpty())
        saveProfile(name);
}

void ConnectionPane::refreshProfileList()
{
    const QString current = m_loadedProfile;
    m_profile->clear();
    m_profile->addItem(QStringLiteral("(unsaved)"), QString());
    for (const QString &name : m_store->names())
        m_profile->addItem(name, name);
    const int i = m_profile->findData(current);
    m_profile->setCurrentIndex(i >= 0 ? i : 0);
}

} // namespace postscope
