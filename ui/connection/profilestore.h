#pragma once

#include <QHash>
#include <QObject>
#include <QStringList>

namespace postscope {

// A named connection as kept in QSettings: everything except the passwords.
struct ConnectionProfile {
    QString name;
    bool usePostgres = true;
    bool useRedis = true;
    QString postgresUrl; // without password
    QString redisUrl;    // without password
    QString prefix = QStringLiteral("bull");
    QString queue = QStringLiteral("post");
    QString organizationId;
    QStringList integrationIds;
    int autoRefreshSeconds = 0; // 0 = off

    bool operator==(const ConnectionProfile &) const = default;
};

// Profiles in QSettings; passwords in the system keyring through QtKeychain when it is
// built in and answers, otherwise only in this process's memory (never on disk).
class ProfileStore : public QObject
{
    Q_OBJECT
public:
    explicit ProfileStore(QObject *parent = nullptr);

    QStringList names() const;
    ConnectionProfile profile(const QString &name) const;
    bool contains(const QString &name) const;
    void save(const ConnectionProfile &profile, const QString &postgresPassword, const QString &redisPassword);
    void remove(const QString &name);

    QString lastProfile() const;
    void setLastProfile(const QString &name);

    // Passwords: answered at once from this session's memory, else asked from the
    // keyring; passwordsReady follows either way (possibly with empty passwords).
    void requestPasswords(const QString &name);

    // Whether the keyring is used (built with QtKeychain, not disabled, no failure yet).
    bool keyringUsable() const { return m_keyringUsable; }
    // One sentence for the UI: where passwords are kept.
    QString storageNote() const;

Q_SIGNALS:
    void passwordsReady(const QString &name, const QString &postgresPassword, const QString &redisPassword);
    void storageNoteChanged(const QString &note);
    void profilesChanged();

private:
    struct Passwords {
        QString postgres, redis;
    };
    void keyringFailed(const QString &why);

    bool m_keyringUsable = false;
    QString m_keyringError;
};

} // namespace postscope
