#pragma once

#include "connectiontester.h"
#include "core/snapshot.h"
#include "integrationpicker.h"
#include "profilestore.h"
#include "sources/capture.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QToolButton;

namespace postscope {

// One server's connection: a URL or separate fields (the password always in its own
// masked field, never shown inside the URL), and a "Test" that runs on a worker thread.
class ServerForm : public QWidget
{
    Q_OBJECT
public:
    enum class Kind { Postgres, Redis };
    explicit ServerForm(Kind kind, QWidget *parent = nullptr);

    // The full URL, password included (for the capture only).
    QString url() const;
    // The URL without password (for profiles, titles and logs).
    QString urlWithoutPassword() const;
    // Accepts a URL with or without password; a password in it moves to the password field.
    void setUrl(const QString &url);
    QString password() const;
    void setPassword(const QString &password);
    bool usesFields() const;
    void setUseFields(bool on);

    void test(const QString &prefix, const QString &queue);
    void test() { test(m_testPrefix, m_testQueue); }
    void setQueue(const QString &prefix, const QString &queue)
    {
        m_testPrefix = prefix;
        m_testQueue = queue;
    }
    bool isTesting() const { return m_testing; }
    QString resultText() const;
    const ConnectionTestResult &lastResult() const { return m_last; }

Q_SIGNALS:
    void tested(bool ok);
    void edited();

private:
    void syncToFields();
    void syncToUrl();
    QString fieldsUrl(bool withPassword) const;

    Kind m_kind;
    QComboBox *m_mode = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_database = nullptr; // db name (PostgreSQL)
    QSpinBox *m_db = nullptr;        // db number (Redis)
    QComboBox *m_sslmode = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_result = nullptr;
    bool m_testing = false;
    ConnectionTestResult m_last;
    QString m_testPrefix = QStringLiteral("bull");
    QString m_testQueue = QStringLiteral("post");
};

// The connection dock: profiles, .env import, the PostgreSQL and Redis forms, the scope
// (organisation, integrations, time window), the queue (prefix, name), capture and
// auto-refresh. It only builds requests; MainWindow runs them.
class ConnectionPane : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionPane(QWidget *parent = nullptr);

    CaptureRequest request() const;
    // What the capture is called in titles: the profile name, else the servers.
    QString originName() const;

    ServerForm *postgresForm() const { return m_pg; }
    ServerForm *redisForm() const { return m_redis; }
    ProfileStore *profiles() const { return m_store; }

    void setPostgresUrl(const QString &url);
    void setRedisUrl(const QString &url);
    void setUsePostgres(bool on);
    void setUseRedis(bool on);
    bool importEnv(const QString &path, QString *error);
    // Fills the organisation, integration and queue choosers from what a snapshot holds.
    void setChoices(const Snapshot &s);
    // The integrations the picker lists: the last snapshot's, of the chosen organisation.
    std::vector<IntegrationChoice> integrationChoices() const;
    // Opens the integration picker (non-modal, for tests and the "Choose…" button); on OK
    // the checked ids replace the field's ids that the list shows, typed ids it does not
    // show stay.
    IntegrationPicker *openIntegrationPicker();
    IntegrationPicker *integrationPicker() const { return m_picker; }
    QString integrationsText() const;
    void setIntegrationsText(const QString &ids);
    // The integrations of the posts selected in the window (MainWindow keeps it current):
    // one click scopes the capture to them.
    void setSelectionIntegrations(const QStringList &ids);
    void useSelectionIntegrations();

    void setCapturing(bool capturing);
    void showError(const QString &error); // empty hides it
    QString errorText() const;

    int autoRefreshSeconds() const; // 0 = off
    void setAutoRefreshSeconds(int seconds);

    ConnectionProfile currentProfile(const QString &name) const;
    void applyProfile(const ConnectionProfile &p);
    QString profileName() const;
    // Selects and applies a stored profile (passwords follow asynchronously).
    bool loadProfile(const QString &name);
    void saveProfile(const QString &name);

Q_SIGNALS:
    void captureRequested();
    void cancelRequested();
    void autoRefreshChanged(int seconds);

private:
    void refreshProfileList();
    void importEnvDialog();
    void saveProfileDialog();

    ProfileStore *m_store = nullptr;
    QComboBox *m_profile = nullptr;
    QGroupBox *m_pgBox = nullptr;
    QGroupBox *m_redisBox = nullptr;
    ServerForm *m_pg = nullptr;
    ServerForm *m_redis = nullptr;
    QComboBox *m_org = nullptr;
    QLineEdit *m_integrations = nullptr;
    QToolButton *m_pickIntegrations = nullptr;
    QToolButton *m_selectionIntegrations = nullptr;
    IntegrationPicker *m_picker = nullptr;
    std::vector<IntegrationChoice> m_choices;
    QStringList m_selectionIds;
    QCheckBox *m_defaultWindow = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QLineEdit *m_prefix = nullptr;
    QComboBox *m_queue = nullptr;
    QPushButton *m_capture = nullptr;
    QPushButton *m_cancel = nullptr;
    QCheckBox *m_autoRefresh = nullptr;
    QSpinBox *m_autoSeconds = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_storageNote = nullptr;
    QString m_loadedProfile;
};

} // namespace postscope
