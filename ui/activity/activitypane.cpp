#include "activitypane.h"

#include "activitymodel.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace postscope {

ActivityPane::ActivityPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new ActivityModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ActivityModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(QStringLiteral("Filter commands…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_proxy->setFilterFixedString(t);
    });
    bar->addWidget(m_filter, 1);
    auto *copy = new QPushButton(QStringLiteral("Copy"), this);
    copy->setToolTip(QStringLiteral("Copy the listed commands as tab-separated text"));
    connect(copy, &QPushButton::clicked, this, [this]() { QApplication::clipboard()->setText(text()); });
    bar->addWidget(copy);
    layout->addLayout(bar);

    m_totals = new QLabel(this);
    m_totals->setWordWrap(true);
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_totals);

    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ActivityModel::StartedColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);
    updateTotals();
}

void ActivityPane::setSnapshot(SnapshotPtr snapshot)
{
    m_model->setSnapshot(std::move(snapshot));
    m_view->resizeColumnsToContents();
    // The command column can be very wide; keep the error column in sight.
    const int maxCommand = m_view->fontMetrics().averageCharWidth() * 80;
    if (m_view->columnWidth(ActivityModel::CommandColumn) > maxCommand)
        m_view->setColumnWidth(ActivityModel::CommandColumn, maxCommand);
    updateTotals();
}

QString ActivityPane::totalsText() const
{
    return m_totals->text();
}

QString ActivityPane::text() const
{
    QStringList lines;
    QStringList header;
    for (int c = 0; c < m_proxy->columnCount(); ++c)
        header.append(m_proxy->headerData(c, Qt::Horizontal).toString());
    lines.append(header.join(QLatin1Char('\t')));
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m_proxy->columnCount(); ++c) {
            const QModelIndex i = m_proxy->index(r, c);
            cells.append(c == ActivityModel::CommandColumn ? m_proxy->data(i, Qt::ToolTipRole).toString()
                                                           : m_proxy->data(i).toString());
        }
        lines.append(cells.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n'));
}

void ActivityPane::updateTotals()
{
    const auto all = m_model->totals();
    if (all.commands == 0) {
        m_totals->setText(QStringLiteral("No queries or commands recorded (demo data or a snapshot saved without activity)."));
        return;
    }
    QStringList parts;
    for (const QString &source : {QStringLiteral("postgres"), QStringLiteral("redis")}) {
        const auto t = m_model->totals(source);
        if (t.commands == 0)
            continue;
        parts.append(QStringLiteral("%1: %2 %3, %4, %5 rows, %6%7")
                         .arg(source == QLatin1String("postgres") ? QStringLiteral("PostgreSQL") : QStringLiteral("Redis"))
                         .arg(t.commands)
                         .arg(source == QLatin1String("postgres") ? QStringLiteral("queries") : QStringLiteral("commands"))
                         .arg(formatDurationUs(t.durationUs))
                         .arg(QLocale().toString(t.rows))
                         .arg(formatBytes(t.bytes))
                         .arg(t.errors ? QStringLiteral(", %1 errors").arg(t.errors) : QString()));
    }
    m_totals->setText(QStringLiteral("Total %1 · %2 · read-only commands only")
                          .arg(all.commands)
                          .arg(parts.join(QStringLiteral(" · "))));
}

} // namespace postscope
