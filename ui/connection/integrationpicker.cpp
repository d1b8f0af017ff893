#include "integrationpicker.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace postscope {

namespace {
enum Column { NameColumn, ProviderColumn, OrganisationColumn, FlagsColumn, IdColumn, ColumnCount };
constexpr int IdRole = Qt::UserRole + 1;
} // namespace

IntegrationPicker::IntegrationPicker(QWidget *parent)
    : QDialog(parent)
    , m_model(new QStandardItemModel(0, ColumnCount, this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setWindowTitle(QStringLiteral("Choose integrations"));
    setObjectName(QStringLiteral("integrationPicker"));
    auto *layout = new QVBoxLayout(this);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("integrationPickerFilter"));
    m_filter->setPlaceholderText(QStringLiteral("Filter: name, provider, organisation, id…"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);

    m_model->setHorizontalHeaderLabels(
        {QStringLiteral("Integration"), QStringLiteral("Provider"), QStringLiteral("Organisation"), QStringLiteral("Flags"),
         QStringLiteral("Id")});
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("integrationPickerList"));
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(NameColumn, Qt::AscendingOrder);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_view, 1);

    auto *row = new QHBoxLayout;
    auto *all = new QPushButton(QStringLiteral("Select all"), this);
    all->setObjectName(QStringLiteral("integrationPickerAll"));
    all->setToolTip(QStringLiteral("Check every integration the filter shows"));
    auto *none = new QPushButton(QStringLiteral("Select none"), this);
    none->setObjectName(QStringLiteral("integrationPickerNone"));
    none->setToolTip(QStringLiteral("Uncheck every integration the filter shows"));
    row->addWidget(all);
    row->addWidget(none);
    m_summary = new QLabel(this);
    row->addWidget(m_summary, 1);
    layout->addLayout(row);

    auto *note = new QLabel(QStringLiteral("None checked = every integration of the organisation."), this);
    note->setEnabled(false); // the palette's muted text
    note->setWordWrap(true);
    layout->addWidget(note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);

    connect(m_filter, &QLineEdit::textChanged, this, &IntegrationPicker::setFilterText);
    connect(all, &QPushButton::clicked, this, [this]() { checkShown(true); });
    connect(none, &QPushButton::clicked, this, [this]() { checkShown(false); });
    connect(m_model, &QStandardItemModel::itemChanged, this, &IntegrationPicker::updateSummary);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    resize(em * 72, fontMetrics().height() * 26);
}

void IntegrationPicker::setChoices(const std::vector<IntegrationChoice> &choices, const QStringList &checkedIds)
{
    m_model->removeRows(0, m_model->rowCount());
    for (const IntegrationChoice &c : choices) {
        QStringList flags;
        if (c.disabled)
            flags << QStringLiteral("disabled");
        if (c.deleted)
            flags << QStringLiteral("deleted");
        if (c.refreshNeeded)
            flags << QStringLiteral("needs refresh");
        auto *name = new QStandardItem(c.name.isEmpty() ? c.id : c.name);
        name->setCheckable(true);
        name->setCheckState(checkedIds.contains(c.id) ? Qt::Checked : Qt::Unchecked);
        name->setData(c.id, IdRole);
        name->setToolTip(c.id);
        auto *org = new QStandardItem(c.organizationName.isEmpty() ? c.organizationId : c.organizationName);
        org->setToolTip(c.organizationId);
        const QList<QStandardItem *> items {name, new QStandardItem(c.provider), org,
                                            new QStandardItem(flags.join(QStringLiteral(", "))), new QStandardItem(c.id)};
        for (QStandardItem *item : items) {
            item->setEditable(false);
            if (c.deleted || c.disabled)
                item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
        }
        m_model->appendRow(items);
    }
    for (int c = 0; c < ColumnCount - 1; ++c)
        m_view->resizeColumnToContents(c);
    updateSummary();
}

QStringList IntegrationPicker::checkedIds() const
{
    QStringList ids;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QStandardItem *item = m_model->item(r, NameColumn);
        if (item->checkState() == Qt::Checked)
            ids << item->data(IdRole).toString();
    }
    return ids;
}

QStringList IntegrationPicker::listedIds() const
{
    QStringList ids;
    for (int r = 0; r < m_model->rowCount(); ++r)
        ids << m_model->item(r, NameColumn)->data(IdRole).toString();
    return ids;
}

void IntegrationPicker::setChecked(const QString &id, bool on)
{
    for (int r = 0; r < m_model->rowCount(); ++r) {
        QStandardItem *item = m_model->item(r, NameColumn);
        if (item->data(IdRole).toString() == id)
            item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
}

void IntegrationPicker::setFilterText(const QString &text)
{
    if (m_filter->text() != text) {
        const QSignalBlocker block(m_filter);
        m_filter->setText(text);
    }
    m_proxy->setFilterFixedString(text.trimmed());
    updateSummary();
}

void IntegrationPicker::checkShown(bool on)
{
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex source = m_proxy->mapToSource(m_proxy->index(r, NameColumn));
        m_model->itemFromIndex(source)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
}

int IntegrationPicker::shownCount() const
{
    return m_proxy->rowCount();
}

int IntegrationPicker::count() const
{
    return m_model->rowCount();
}

void IntegrationPicker::updateSummary()
{
    const int checked = int(checkedIds().size());
    m_summary->setText(QStringLiteral("%1 of %2 checked%3")
                           .arg(checked)
                           .arg(count())
                           .arg(shownCount() == count() ? QString() : QStringLiteral(" · %1 shown").arg(shownCount())));
}

} // namespace postscope
