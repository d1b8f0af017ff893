#pragma once

#include "analysis.h"

#include <QWidget>

class QLineEdit;
class QTextBrowser;
class QToolButton;
class QTreeView;
class QUrl;

namespace postscope {

class FindingsModel;
class FindingsFilterProxy;

// The diagnosis: findings grouped by severity (with a severity filter and a search), the
// selected one explained below with copyable "verify by hand" lines, and the rules that
// were skipped with their reasons.
class FindingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsPanel(QWidget *parent = nullptr);

    void setAnalysis(const Analysis &analysis);          // keeps the selected finding (by rule+posts) if still present
    // Selects the first visible finding naming the post, without emitting findingSelected
    // (the caller already shows that post). Returns false when no visible finding names it.
    bool selectFindingForPost(const QString &postId);

    // For tests and the window.
    FindingsModel *model() const { return m_model; }
    FindingsFilterProxy *proxy() const { return m_proxy; }
    QTreeView *view() const { return m_view; }
    void setSeverityVisible(Severity severity, bool visible);
    void setSearchText(const QString &text);
    QString detailText() const { return m_detailText; } // the explanation pane as plain text
    // Selects a finding by its index in Diagnosis::findings (emits findingSelected).
    bool selectFinding(int findingIndex);

Q_SIGNALS:
    void findingSelected(const QStringList &postIds, const QString &ruleId); // empty lists when deselected
    void postActivated(const QString &postId); // a post id clicked in the explanation

protected:
    void changeEvent(QEvent *event) override;

private:
    void currentChanged();
    void showDetail(const QModelIndex &proxyIndex);
    void linkClicked(const QUrl &url);
    void updateButtons();
    void emitSelection(const QStringList &posts, const QString &rule);

    Analysis m_analysis;
    FindingsModel *m_model = nullptr;
    FindingsFilterProxy *m_proxy = nullptr;
    QTreeView *m_view = nullptr;
    QTextBrowser *m_detail = nullptr;
    QLineEdit *m_search = nullptr;
    QToolButton *m_groupButtons[4] = {};
    QStringList m_copyTexts;
    QString m_detailText;
    QStringList m_emittedPosts;
    QString m_emittedRule;
    bool m_emittedAny = false;
    bool m_quiet = false;
};

} // namespace postscope
