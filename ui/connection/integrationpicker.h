#pragma once

#include <QDialog>
#include <QStringList>

#include <vector>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTreeView;

namespace postscope {

// One integration the scope can name, as the last snapshot knew it.
struct IntegrationChoice {
    QString id;
    QString name;
    QString provider;
    QString organizationId;
    QString organizationName;
    bool disabled = false;
    bool deleted = false;
    bool refreshNeeded = false;
};

// The scope bar's integration chooser: a filterable, checkable list (name, provider,
// organisation, flags) with select all / none over what the filter shows.
class IntegrationPicker : public QDialog
{
    Q_OBJECT
public:
    explicit IntegrationPicker(QWidget *parent = nullptr);

    void setChoices(const std::vector<IntegrationChoice> &choices, const QStringList &checkedIds);
    QStringList checkedIds() const; // in list order
    void setChecked(const QString &id, bool on);
    void setFilterText(const QString &text);
    // Checks / unchecks every row the filter shows.
    void checkShown(bool on);
    int shownCount() const;
    int count() const;
    QStringList listedIds() const;

private:
    void updateSummary();

    QLineEdit *m_filter = nullptr;
    QTreeView *m_view = nullptr;
    QStandardItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace postscope
