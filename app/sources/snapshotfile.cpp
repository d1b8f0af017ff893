#include "snapshotfile.h"

#include "core/snapshotjson.h"

#include <QFile>
#include <QSaveFile>

namespace postscope::snapshotfile {

bool save(const QString &path, const SnapshotData &data, bool redact, QString *error)
{
    QByteArray bytes;
    if (redact) {
        SnapshotData copy = data;
        snapshotjson::redact(copy);
        bytes = snapshotjson::write(copy, false);
    } else {
        bytes = snapshotjson::write(data, false);
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    if (f.write(bytes) != bytes.size() || !f.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool load(const QString &path, SnapshotData *data, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, f.errorString());
        return false;
    }
    QString problem;
    if (!snapshotjson::read(f.readAll(), data, &problem)) {
        *error = QStringLiteral("%1: %2").arg(path, problem);
        return false;
    }
    return true;
}

bool loadDemo(SnapshotData *data, QString *error)
{
    return load(QLatin1String(demoResource), data, error);
}

} // namespace postscope::snapshotfile
