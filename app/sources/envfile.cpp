#include "envfile.h"

#include <QFile>
#include <QRegularExpression>

namespace postscope {

namespace {
QString unquoteDouble(QStringView body)
{
    QString out;
    out.reserve(body.size());
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body[i];
        if (c == QLatin1Char('\\') && i + 1 < body.size()) {
            const QChar n = body[++i];
            if (n == QLatin1Char('n'))
                out += QLatin1Char('\n');
            else if (n == QLatin1Char('t'))
                out += QLatin1Char('\t');
            else if (n == QLatin1Char('r'))
                out += QLatin1Char('\r');
            else
                out += n;
        } else {
            out += c;
        }
    }
    return out;
}
} // namespace

EnvFile EnvFile::parse(const QByteArray &text)
{
    static const QRegularExpression keyRe(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.]*$"));
    EnvFile env;
    const QString all = QString::fromUtf8(text);
    const QStringList lines = all.split(QLatin1Char('\n'));
    for (int n = 0; n < lines.size(); ++n) {
        QString line = lines[n];
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        QStringView s = QStringView(line).trimmed();
        if (s.isEmpty() || s.startsWith(QLatin1Char('#')))
            continue;
        if (s.startsWith(QLatin1String("export ")))
            s = s.mid(7).trimmed();
        const qsizetype eq = s.indexOf(QLatin1Char('='));
        const QString key = eq > 0 ? s.left(eq).trimmed().toString() : QString();
        if (key.isEmpty() || !keyRe.match(key).hasMatch()) {
            env.m_badLines.append(n + 1);
            continue;
        }
        QStringView v = s.mid(eq + 1).trimmed();
        QString value;
        if (v.startsWith(QLatin1Char('"')) || v.startsWith(QLatin1Char('\''))) {
            const QChar quote = v.front();
            // Find the closing quote (skipping escaped ones inside double quotes).
            qsizetype end = -1;
            for (qsizetype i = 1; i < v.size(); ++i) {
                if (quote == QLatin1Char('"') && v[i] == QLatin1Char('\\')) {
                    ++i;
                    continue;
                }
                if (v[i] == quote) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                env.m_badLines.append(n + 1);
                continue;
            }
            const QStringView body = v.mid(1, end - 1);
            value = quote == QLatin1Char('"') ? unquoteDouble(body) : body.toString();
        } else {
            const qsizetype hash = v.indexOf(QLatin1String(" #"));
            value = (hash >= 0 ? v.left(hash) : v).trimmed().toString();
        }
        env.m_values.insert(key, value);
    }
    return env;
}

bool EnvFile::load(const QString &path, EnvFile *env, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    *env = parse(f.readAll());
    return true;
}

} // namespace postscope
