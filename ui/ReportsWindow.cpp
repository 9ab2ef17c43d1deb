#include "ReportsWindow.h"

#include "Booking.h"
#include "Clock.h"
#include "Session.h"

#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QUrlQuery>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QTableWidget *newTable(const QString &name, const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setObjectName(name);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->verticalHeader()->hide();
    // The names take the room; the numbers as wide as they need.
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    return table;
}

void setRow(QTableWidget *table, int row, const QStringList &texts, int firstNumber)
{
    for (int column = 0; column < texts.size(); ++column) {
        auto *item = new QTableWidgetItem(texts[column]);
        if (column >= firstNumber)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(row, column, item);
    }
}

QString money(Cents cents)
{
    return Money::format(cents);
}

} // namespace

ReportsWindow::ReportsWindow(Session &session, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_session(session)
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_show(new QPushButton(tr("&Show"), this))
    , m_export(new QPushButton(tr("&Export CSV…"), this))
    , m_progress(new QProgressBar(this))
    , m_message(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_salesTable(newTable(u"salesTable"_s,
                            {tr("Event"), tr("Day"), tr("Tickets"), tr("Gross"), tr("Cash"),
                             tr("Card"), tr("Refunds"), tr("Net")},
                            this))
    , m_categoryTable(newTable(u"categoryTable"_s,
                               {tr("Price category"), tr("Tickets"), tr("Gross"),
                                tr("Tickets refunded"), tr("Refunds"), tr("Net")},
                               this))
    , m_totals(new QLabel(this))
    , m_vat(new QLabel(this))
    , m_shiftTable(newTable(u"shiftTable"_s,
                            {tr("Till"), tr("Clerk"), tr("Opened"), tr("Closed"), tr("Float"),
                             tr("Cash sales"), tr("Cash refunds"), tr("Card sales"), tr("Expected"),
                             tr("Counted"), tr("Difference"), tr("Sales")},
                            this))
    , m_shiftTotals(new QLabel(this))
{
    setObjectName(u"reportsWindow"_s);
    setWindowTitle(tr("Boxoffice — reports"));
    m_from->setObjectName(u"reportFrom"_s);
    m_to->setObjectName(u"reportTo"_s);
    m_show->setObjectName(u"reportShow"_s);
    m_export->setObjectName(u"reportExport"_s);
    m_progress->setObjectName(u"reportProgress"_s);
    m_message->setObjectName(u"reportMessage"_s);
    m_tabs->setObjectName(u"reportTabs"_s);
    m_totals->setObjectName(u"salesTotals"_s);
    m_vat->setObjectName(u"salesVat"_s);
    m_shiftTotals->setObjectName(u"shiftTotals"_s);
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    }
    const QDate today = m_session.clock().now().toLocalTime().date();
    setPeriod(QDate(today.year(), today.month(), 1), today);
    m_progress->setRange(0, 0); // busy, without a percentage
    m_progress->setMaximumWidth(120);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *bar = new QHBoxLayout;
    auto *fromLabel = new QLabel(tr("&From:"), this);
    fromLabel->setBuddy(m_from);
    auto *toLabel = new QLabel(tr("&To:"), this);
    toLabel->setBuddy(m_to);
    bar->addWidget(fromLabel);
    bar->addWidget(m_from);
    bar->addWidget(toLabel);
    bar->addWidget(m_to);
    bar->addWidget(m_show);
    bar->addWidget(m_progress);
    bar->addStretch(1);
    bar->addWidget(m_export);

    auto *salesPage = new QWidget(this);
    auto *split = new QSplitter(Qt::Vertical, salesPage);
    split->addWidget(m_salesTable);
    split->addWidget(m_categoryTable);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *salesLayout = new QVBoxLayout(salesPage);
    salesLayout->addWidget(split, 1);
    salesLayout->addWidget(m_totals);
    salesLayout->addWidget(m_vat);
    auto *shiftPage = new QWidget(this);
    auto *shiftLayout = new QVBoxLayout(shiftPage);
    shiftLayout->addWidget(m_shiftTable, 1);
    shiftLayout->addWidget(m_shiftTotals);
    m_tabs->addTab(salesPage, tr("S&ales"));
    m_tabs->addTab(shiftPage, tr("Shift &closings"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_message);
    layout->addWidget(m_tabs, 1);

    connect(m_show, &QPushButton::clicked, this, &ReportsWindow::refresh);
    connect(m_export, &QPushButton::clicked, this, &ReportsWindow::exportCsv);
    connect(m_salesTable, &QTableWidget::itemSelectionChanged, this,
            &ReportsWindow::showCategories);
    resize(1000, 640);
}

void ReportsWindow::setPeriod(const QDate &from, const QDate &to)
{
    m_from->setDate(from);
    m_to->setDate(to);
}

// The days picked; the server's own time zone.
ReportPeriod ReportsWindow::period() const
{
    return {m_from->date(), m_to->date(), {}};
}

void ReportsWindow::setBusy(int change)
{
    m_pending += change;
    m_progress->setVisible(m_pending > 0);
    m_show->setEnabled(m_pending == 0);
    m_export->setEnabled(m_pending == 0);
}

void ReportsWindow::showError(const QString &message)
{
    m_message->setText(message);
    Q_EMIT failed(message);
}

void ReportsWindow::refresh()
{
    const ReportPeriod days = period();
    if (days.to < days.from)
        return showError(tr("The first day must not be after the last."));
    if (days.from.daysTo(days.to) + 1 > ReportPeriod::MaxDays)
        return showError(tr("A report covers at most %n days.", "", ReportPeriod::MaxDays));
    m_message->clear();
    QUrlQuery query;
    for (const auto &[name, value] : days.query())
        query.addQueryItem(name, value);
    // Both at once; the window is done when the last one answers.
    const auto load = [this, query](const QString &path,
                                    std::function<void(const QJsonObject &)> show) {
        m_session.api().get(path, query, this, [this, show](const ApiResult &result) {
            if (result.ok())
                show(result.body);
            else
                showError(result.errorMessage);
            setBusy(-1);
            if (m_pending == 0)
                Q_EMIT loaded();
        });
    };
    setBusy(+2);
    load(u"/v1/reports/sales"_s, [this](const QJsonObject &json) {
        m_sales = SalesReport::fromJson(json);
        showSales();
    });
    load(u"/v1/reports/shifts"_s, [this](const QJsonObject &json) {
        m_shifts = ShiftReport::fromJson(json);
        showShifts();
    });
}

void ReportsWindow::showSales()
{
    const QLocale locale;
    m_salesTable->setRowCount(static_cast<int>(m_sales.rows.size()));
    for (int i = 0; i < m_sales.rows.size(); ++i) {
        const SalesRow &row = m_sales.rows[i];
        const SalesFigures &f = row.figures;
        setRow(m_salesTable, i,
               {row.event, locale.toString(row.day, QLocale::ShortFormat),
                locale.toString(f.ticketsSold), money(f.gross), money(f.cashGross),
                money(f.cardGross), money(f.refunds), money(f.net())},
               2);
        m_salesTable->item(i, 6)->setToolTip(
            tr("%n ticket(s) refunded", "", static_cast<int>(f.ticketsRefunded)));
    }
    const SalesFigures &t = m_sales.totals;
    m_totals->setText(tr("Total: %n ticket(s), gross %1 (cash %2, card %3), refunds %4, net %5", "",
                         static_cast<int>(t.ticketsSold))
                          .arg(money(t.gross), money(t.cashGross), money(t.cardGross),
                               money(t.refunds), money(t.net())));
    // The VAT in the net, per rate, as the receipts reckon it.
    QStringList vat;
    for (const VatSales &rate : m_sales.vat)
        vat.append(tr("%1 VAT: %2 (net of VAT %3)")
                       .arg(VatLine{rate.rateBp, 0, 0, 0}.rateText(), money(rate.vat),
                            money(rate.netOfVat())));
    m_vat->setText(vat.join(u" · "_s));
    if (m_sales.rows.isEmpty())
        m_categoryTable->setRowCount(0);
    else
        m_salesTable->selectRow(0);
    showCategories();
}

void ReportsWindow::showCategories()
{
    const int selected = m_salesTable->currentRow();
    if (selected < 0 || selected >= m_sales.rows.size()) {
        m_categoryTable->setRowCount(0);
        return;
    }
    const QList<CategorySales> &categories = m_sales.rows[selected].categories;
    const QLocale locale;
    m_categoryTable->setRowCount(static_cast<int>(categories.size()));
    for (int i = 0; i < categories.size(); ++i) {
        const SalesFigures &f = categories[i].figures;
        setRow(m_categoryTable, i,
               {categories[i].name, locale.toString(f.ticketsSold), money(f.gross),
                locale.toString(f.ticketsRefunded), money(f.refunds), money(f.net())},
               1);
    }
}

void ReportsWindow::showShifts()
{
    const QLocale locale;
    const auto time = [&](const QDateTime &at) {
        return locale.toString(at.toLocalTime(), QLocale::ShortFormat);
    };
    m_shiftTable->setRowCount(static_cast<int>(m_shifts.shifts.size()));
    for (int i = 0; i < m_shifts.shifts.size(); ++i) {
        const ShiftClosing &s = m_shifts.shifts[i];
        setRow(m_shiftTable, i,
               {s.till, s.clerk, time(s.openedAt), time(s.closedAt), money(s.floatCents),
                money(s.cashSales), money(s.cashRefunds), money(s.cardSales), money(s.expected),
                money(s.counted), money(s.difference()), locale.toString(s.salesCount)},
               4);
        if (!s.note.isEmpty())
            m_shiftTable->item(i, 10)->setToolTip(s.note);
    }
    const ShiftClosing sum = m_shifts.totals();
    m_shiftTotals->setText(
        tr("%n shift(s) closed: expected %1, counted %2, difference %3", "",
           static_cast<int>(m_shifts.shifts.size()))
            .arg(money(sum.expected), money(sum.counted), money(sum.difference())));
}

void ReportsWindow::exportCsv()
{
    const bool shifts = m_tabs->currentIndex() == 1;
    const ReportPeriod days = period();
    QString path = m_exportPath;
    if (path.isEmpty()) {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        path = QFileDialog::getSaveFileName(
            this, tr("Export CSV"),
            QDir(folder).filePath(days.fileName(shifts ? u"shifts"_s : u"sales"_s)),
            tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
    }
    QUrlQuery query;
    for (const auto &[name, value] : days.query())
        query.addQueryItem(name, value);
    query.addQueryItem(u"format"_s, u"csv"_s);
    setBusy(+1);
    m_session.api().get(
        shifts ? u"/v1/reports/shifts"_s : u"/v1/reports/sales"_s, query, this,
        [this, path](const ApiResult &result) {
            setBusy(-1);
            if (!result.ok())
                return showError(result.errorMessage);
            // The server's file as it is: whatever the
            // window shows, the export is the server's.
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) ||
                file.write(result.payload) != result.payload.size() || !file.commit())
                return showError(tr("Could not save %1: %2")
                                     .arg(QDir::toNativeSeparators(path), file.errorString()));
            m_message->setText(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
            Q_EMIT exported(path);
        });
}
