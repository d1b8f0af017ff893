#pragma once

#include "analysis.h"

#include <QWidget>

class QLabel;
class QTableWidget;
class QTextBrowser;

namespace postscope {

class CompareTimeline;

// Two posts side by side: the time differences up top, a shared mini timeline, the
// fields with the differing ones highlighted, and the findings that name either.
class CompareView : public QWidget
{
    Q_OBJECT
public:
    explicit CompareView(QWidget *parent = nullptr);

    void setAnalysis(const Analysis &analysis); // keeps the pair when both are still present
    void comparePosts(const QString &postA, const QString &postB);
    QString text() const;                         // plain-text rendering (tests, reports)

    QStringList posts() const { return {m_postA, m_postB}; }
    QTableWidget *table() const { return m_table; }
    CompareTimeline *timeline() const { return m_timeline; }

Q_SIGNALS:
    void postActivated(const QString &postId);

private:
    void render();

    Analysis m_analysis;
    QString m_postA;
    QString m_postB;
    QString m_text;
    QLabel *m_header = nullptr;
    CompareTimeline *m_timeline = nullptr;
    QTableWidget *m_table = nullptr;
    QTextBrowser *m_findings = nullptr;
};

} // namespace postscope
