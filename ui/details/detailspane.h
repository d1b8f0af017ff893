#pragma once

#include "analysis.h"

#include <QWidget>

class QLabel;
class QTextBrowser;
class QToolButton;
class QUrl;

namespace postscope {

// Everything about one post: its row, its account, its job (decoded), the job's events,
// its "Errors" rows, the log lines naming it and the findings that name it.
class DetailsPane : public QWidget
{
    Q_OBJECT
public:
    explicit DetailsPane(QWidget *parent = nullptr);

    void setAnalysis(const Analysis &analysis); // keeps showing the same post id when present
    void showPost(const QString &postId);        // empty = clear
    QString text() const;                         // what "copy as text" copies
    QString postId() const { return m_postId; }

Q_SIGNALS:
    void postActivated(const QString &postId); // a related post (thread, finding) clicked

private:
    void render();
    void linkClicked(const QUrl &url);

    Analysis m_analysis;
    QString m_postId;
    QString m_text;
    QLabel *m_title = nullptr;
    QToolButton *m_copy = nullptr;
    QTextBrowser *m_browser = nullptr;
};

} // namespace postscope
