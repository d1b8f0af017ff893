#pragma once

#include <QHash>
#include <QString>

namespace postscope {

// A dotenv file as Postiz ships it (.env with DATABASE_URL and REDIS_URL): KEY=VALUE
// lines, optional `export `, single or double quotes (double quotes expand \n, \" and
// \\), `#` comments on their own line or after an unquoted value. Later keys win.
class EnvFile
{
public:
    static EnvFile parse(const QByteArray &text);
    // false with *error when the file cannot be read.
    static bool load(const QString &path, EnvFile *env, QString *error);

    QString value(const QString &key) const { return m_values.value(key); }
    bool contains(const QString &key) const { return m_values.contains(key); }
    const QHash<QString, QString> &values() const { return m_values; }
    // Lines that were not KEY=VALUE (1-based numbers), for a warning.
    const QList<int> &badLines() const { return m_badLines; }

private:
    QHash<QString, QString> m_values;
    QList<int> m_badLines;
};

} // namespace postscope
