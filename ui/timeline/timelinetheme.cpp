#include "timelinetheme.h"

namespace postscope {

namespace {

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    p.setColor(QPalette::AlternateBase, QColor(0x25, 0x27, 0x2b));
    p.setColor(QPalette::Text, QColor(0xdf, 0xe1, 0xe5));
    p.setColor(QPalette::WindowText, QColor(0xdf, 0xe1, 0xe5));
    p.setColor(QPalette::Mid, QColor(0x55, 0x58, 0x5e));
    p.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x93, 0x99));
    return p;
}

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf5, 0xf6, 0xf8));
    p.setColor(QPalette::Text, QColor(0x1a, 0x1a, 0x1a));
    p.setColor(QPalette::WindowText, QColor(0x1a, 0x1a, 0x1a));
    p.setColor(QPalette::Mid, QColor(0xb8, 0xb8, 0xb8));
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    p.setColor(QPalette::PlaceholderText, QColor(0x70, 0x70, 0x70));
    return p;
}

} // namespace

TimelineTheme TimelineTheme::lightTheme()
{
    return fromPalette(lightPalette());
}

TimelineTheme TimelineTheme::darkTheme()
{
    return fromPalette(darkPalette());
}

TimelineTheme TimelineTheme::fromPalette(const QPalette &palette)
{
    using namespace okabeito;
    TimelineTheme t;
    t.background = palette.color(QPalette::Base);
    t.dark = t.background.lightness() < 128;
    t.alternateBackground = palette.color(QPalette::AlternateBase);
    t.text = palette.color(QPalette::Text);
    t.mutedText = mix(t.text, t.background, 0.45);
    t.groupBackground = mix(t.background, t.text, t.dark ? 0.10 : 0.06);
    t.grid = mix(t.background, t.text, t.dark ? 0.12 : 0.08);
    t.majorGrid = mix(t.background, t.text, t.dark ? 0.28 : 0.22);
    const QColor ink = t.dark ? QColor(0xe8, 0xe8, 0xe8) : QColor(0x10, 0x10, 0x10);
    t.now = vermillion;
    t.selection = ink;
    t.halo = t.dark ? yellow : orange;
    t.rubberBand = palette.color(QPalette::Highlight);

    // Published: bluish green circle; queued: blue diamond; error: vermillion triangle;
    // draft: grey square; unknown: reddish purple square.
    t.postColour[size_t(PostState::Published)] = bluishGreen;
    t.postColour[size_t(PostState::Queue)] = t.dark ? skyBlue : blue;
    t.postColour[size_t(PostState::Error)] = vermillion;
    t.postColour[size_t(PostState::Draft)] = t.dark ? QColor(0xa0, 0xa0, 0xa0) : QColor(0x8a, 0x8a, 0x8a);
    t.postColour[size_t(PostState::Unknown)] = reddishPurple;
    for (size_t i = 0; i < t.postColour.size(); ++i) {
        t.postBrush[i] = QBrush(t.postColour[i]);
        t.postPen[i] = QPen(t.postColour[i], 2);
        t.postPen[i].setJoinStyle(Qt::MiterJoin);
    }
    t.noJob = vermillion;
    t.noJobPen = QPen(vermillion, 2);

    t.jobColour[size_t(JobState::Delayed)] = skyBlue;
    t.jobColour[size_t(JobState::Waiting)] = yellow;
    t.jobColour[size_t(JobState::Prioritized)] = yellow;
    t.jobColour[size_t(JobState::Active)] = orange;
    t.jobColour[size_t(JobState::Paused)] = t.dark ? QColor(0x80, 0x80, 0x80) : QColor(0xa8, 0xa8, 0xa8);
    t.jobColour[size_t(JobState::Completed)] = bluishGreen;
    t.jobColour[size_t(JobState::Failed)] = vermillion;
    t.jobColour[size_t(JobState::WaitingChildren)] = t.jobColour[size_t(JobState::Paused)];
    t.jobColour[size_t(JobState::Unknown)] = reddishPurple;
    for (size_t i = 0; i < t.jobColour.size(); ++i)
        t.jobBrush[i] = QBrush(t.jobColour[i]);
    t.stalledBrush = QBrush(ink, Qt::BDiagPattern);

    t.eventColour[size_t(EventKind::Added)] = t.dark ? skyBlue : blue;
    t.eventColour[size_t(EventKind::Active)] = orange;
    t.eventColour[size_t(EventKind::Completed)] = bluishGreen;
    t.eventColour[size_t(EventKind::Failed)] = vermillion;
    t.eventColour[size_t(EventKind::Removed)] = ink;
    t.eventColour[size_t(EventKind::Duplicated)] = reddishPurple;
    t.eventColour[size_t(EventKind::Stalled)] = vermillion;
    for (size_t i = 0; i < t.eventColour.size(); ++i)
        t.eventPen[i] = QPen(t.eventColour[i], 1);
    t.logColour = t.dark ? QColor(0xc8, 0xc8, 0xc8) : QColor(0x55, 0x55, 0x55);
    t.logBrush = QBrush(t.logColour);

    t.nowPen = QPen(t.now, 1);
    t.selectionPen = QPen(t.selection, 2);
    t.selectionPen.setJoinStyle(Qt::MiterJoin);
    t.haloPen = QPen(t.halo, 2);
    QColor haloFill = t.halo;
    haloFill.setAlpha(t.dark ? 110 : 90);
    t.haloBrush = QBrush(haloFill);
    t.gridPen = QPen(t.grid, 1);
    t.majorGridPen = QPen(t.majorGrid, 1);
    t.textPen = QPen(t.text, 1);
    t.mutedPen = QPen(t.mutedText, 1);
    t.densityPen = QPen(t.text, 1);
    return t;
}

MarkShape TimelineTheme::shape(PostState s)
{
    switch (s) {
    case PostState::Published: return MarkShape::Circle;
    case PostState::Queue: return MarkShape::Diamond;
    case PostState::Error: return MarkShape::Triangle;
    case PostState::Draft:
    case PostState::Unknown: return MarkShape::Square;
    }
    return MarkShape::Square;
}

QString TimelineTheme::label(PostState s)
{
    switch (s) {
    case PostState::Published: return QStringLiteral("published");
    case PostState::Queue: return QStringLiteral("queued");
    case PostState::Error: return QStringLiteral("error");
    case PostState::Draft: return QStringLiteral("draft");
    case PostState::Unknown: return QStringLiteral("unknown state");
    }
    return QString();
}

QString TimelineTheme::label(EventKind k)
{
    switch (k) {
    case EventKind::Added: return QStringLiteral("added");
    case EventKind::Active: return QStringLiteral("active");
    case EventKind::Completed: return QStringLiteral("completed");
    case EventKind::Failed: return QStringLiteral("failed");
    case EventKind::Removed: return QStringLiteral("removed");
    case EventKind::Duplicated: return QStringLiteral("duplicated");
    case EventKind::Stalled: return QStringLiteral("stalled");
    case EventKind::Count: break;
    }
    return QString();
}

int TimelineTheme::severity(PostState s, bool noJob)
{
    if (noJob)
        return 5;
    switch (s) {
    case PostState::Error: return 4;
    case PostState::Unknown: return 3;
    case PostState::Queue: return 2;
    case PostState::Draft: return 1;
    case PostState::Published: return 0;
    }
    return 0;
}

} // namespace postscope
