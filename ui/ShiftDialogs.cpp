#include "ShiftDialogs.h"

#include "ErrorMessages.h"
#include "ShiftClosingDocument.h"
#include "TillShift.h"

#include "Money.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString errorText(const ApiResult &result)
{
    return ErrorMessages::text(result.error, result.errorMessage);
}

} // namespace

OpenShiftDialog::OpenShiftDialog(TillShift &till, const QString &tillName, QWidget *parent)
    : QDialog(parent)
    , m_till(till)
    , m_tillName(new QLineEdit(tillName, this))
    , m_float(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"openShiftDialog"_s);
    setWindowTitle(tr("Open shift"));
    m_tillName->setObjectName(u"tillName"_s);
    m_tillName->setMaxLength(ShiftOpening::MaxTillLength);
    m_float->setObjectName(u"floatField"_s);
    m_float->setPlaceholderText(tr("Cash in the drawer now, e.g. 150"));
    m_message->setObjectName(u"shiftMessage"_s);
    m_message->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Open shift"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(u"openShiftButton"_s);
    auto *form = new QFormLayout;
    form->addRow(tr("&Till"), m_tillName);
    form->addRow(tr("Cash &float"), m_float);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Count the cash in the drawer and enter it as the float. "
                                    "Cash sales and refunds until you close the shift count "
                                    "on this till."),
                                 this));
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &OpenShiftDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_float->setFocus();
}

void OpenShiftDialog::submit()
{
    ShiftOpening opening;
    opening.till = m_tillName->text().trimmed();
    const std::optional<Cents> amount = Money::parse(m_float->text());
    if (opening.till.isEmpty()) {
        m_message->setText(tr("Name the till, e.g. \"Counter 1\"."));
        m_tillName->setFocus();
        return;
    }
    if (!amount) {
        m_message->setText(tr("Enter the cash float in euros, e.g. 150 or 150,00."));
        m_float->setFocus();
        return;
    }
    opening.floatCents = *amount;
    m_message->setText(tr("Opening the shift…"));
    m_buttons->setEnabled(false);
    m_till.open(opening, this, [this](const ApiResult &result) {
        m_buttons->setEnabled(true);
        if (result.ok()) {
            accept();
            return;
        }
        m_message->setText(errorText(result));
    });
}

CloseShiftDialog::CloseShiftDialog(TillShift &till, const QString &folder, QWidget *parent)
    : QDialog(parent)
    , m_till(till)
    , m_folder(folder)
    , m_figures(new QLabel(this))
    , m_counted(new QLineEdit(this))
    , m_note(new QLineEdit(this))
    , m_difference(new QLabel(this))
    , m_message(new QLabel(this))
    , m_close(new QPushButton(tr("&Close shift"), this))
    , m_print(new QPushButton(tr("&Print closing…"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setObjectName(u"closeShiftDialog"_s);
    setMinimumWidth(520);
    setWindowTitle(tr("Close shift"));
    m_figures->setObjectName(u"shiftFigures"_s);
    m_figures->setTextFormat(Qt::RichText);
    m_counted->setObjectName(u"countedField"_s);
    m_counted->setPlaceholderText(tr("Cash counted in the drawer, e.g. 312,50"));
    m_note->setObjectName(u"noteField"_s);
    m_note->setMaxLength(1000);
    m_note->setPlaceholderText(tr("Note (optional), e.g. why cash is short"));
    m_difference->setObjectName(u"differenceLabel"_s);
    m_difference->setWordWrap(true);
    QFont big = m_difference->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_difference->setFont(big);
    m_message->setObjectName(u"shiftMessage"_s);
    m_message->setWordWrap(true);
    m_close->setObjectName(u"closeShiftButton"_s);
    m_close->setDefault(true);
    m_print->setObjectName(u"printClosingButton"_s);
    m_print->hide();
    m_buttons->addButton(m_close, QDialogButtonBox::ActionRole);
    m_buttons->addButton(m_print, QDialogButtonBox::ActionRole);
    auto *form = new QFormLayout;
    form->addRow(tr("C&ounted cash"), m_counted);
    form->addRow(tr("&Note"), m_note);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_figures);
    layout->addLayout(form);
    layout->addWidget(m_difference);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    connect(m_counted, &QLineEdit::textChanged, this, &CloseShiftDialog::updateDifference);
    connect(m_close, &QPushButton::clicked, this, &CloseShiftDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_print, &QPushButton::clicked, this, [this] {
        if (!m_till.closing())
            return;
        QPrinter printer(QPrinter::HighResolution);
        QPrintDialog dialog(&printer, this);
        if (dialog.exec() == QDialog::Accepted)
            ShiftClosingDocument(*m_till.closing()).print(&printer);
    });
    // The figures as they are now: sales of a moment ago included.
    if (m_till.current())
        showFigures(*m_till.current());
    connect(&m_till, &TillShift::changed, this, [this] {
        if (m_till.current())
            showFigures(*m_till.current());
    });
    m_till.refresh();
    m_counted->setFocus();
}

void CloseShiftDialog::showFigures(const Shift &shift)
{
    const QLocale locale;
    m_figures->setText(
        tr("<b>%1</b>, %2, open since %3<br>Float %4 · cash sales %5 · cash refunds %6<br>"
           "Card sales %7 · %8 sales, %9 refunds<br><b>Expected in the drawer: %10</b>")
            .arg(shift.till.toHtmlEscaped(), shift.clerk.toHtmlEscaped(),
                 locale.toString(shift.openedAt.toLocalTime(), QLocale::ShortFormat),
                 Money::format(shift.floatCents), Money::format(shift.cashSales),
                 Money::format(shift.cashRefunds), Money::format(shift.cardSales))
            .arg(shift.salesCount)
            .arg(shift.refundsCount)
            .arg(Money::format(shift.expected)));
    updateDifference();
    adjustSize();
}

void CloseShiftDialog::updateDifference()
{
    const std::optional<Cents> counted = Money::parse(m_counted->text());
    if (!counted || !m_till.current() || m_counted->text().trimmed().isEmpty()) {
        m_difference->clear();
        return;
    }
    const Cents difference = *counted - m_till.current()->expected;
    m_difference->setText(tr("Expected %1, counted %2: %3")
                              .arg(Money::format(m_till.current()->expected),
                                   Money::format(*counted),
                                   ShiftClosingDocument::differenceText(difference)));
    m_difference->setStyleSheet(difference == 0 ? u"color: #2e7d32"_s : u"color: #c62828"_s);
}

void CloseShiftDialog::submit()
{
    const std::optional<Cents> counted = Money::parse(m_counted->text());
    if (!counted || m_counted->text().trimmed().isEmpty()) {
        m_message->setText(tr("Count the cash in the drawer and enter the amount."));
        m_counted->setFocus();
        return;
    }
    m_message->setText(tr("Closing the shift…"));
    m_close->setEnabled(false);
    m_till.close(ShiftClosingRequest{*counted, m_note->text().trimmed()}, this,
                 [this](const ApiResult &result) {
                     if (!result.ok()) {
                         m_close->setEnabled(true);
                         m_message->setText(errorText(result));
                         return;
                     }
                     showClosing(*m_till.closing());
                 });
}

void CloseShiftDialog::showClosing(const Shift &closing)
{
    m_counted->setEnabled(false);
    m_note->setEnabled(false);
    m_close->hide();
    m_print->show();
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Done"));
    // The closing as stored, line by line as on the printout.
    const QLocale locale;
    QString rows;
    const auto row = [&rows](const QString &label, const QString &value, bool bold = false) {
        const QString cells = u"<td>%1</td><td align=right>%2</td>"_s.arg(label.toHtmlEscaped(),
                                                                          value.toHtmlEscaped());
        rows += bold ? u"<tr style=\"font-weight: bold\">"_s + cells + u"</tr>"_s
                     : u"<tr>"_s + cells + u"</tr>"_s;
    };
    row(tr("Till"), closing.till);
    row(tr("Clerk"), closing.clerk);
    row(tr("Opened"), locale.toString(closing.openedAt.toLocalTime(), QLocale::ShortFormat));
    row(tr("Closed"), locale.toString(closing.closedAt.toLocalTime(), QLocale::ShortFormat));
    row(tr("Cash float"), Money::format(closing.floatCents));
    row(tr("Cash sales"), Money::format(closing.cashSales));
    row(tr("Cash refunds"), Money::format(-closing.cashRefunds));
    row(tr("Expected in the drawer"), Money::format(closing.expected), true);
    row(tr("Counted"), Money::format(closing.counted.value_or(0)), true);
    row(tr("Card sales"), Money::format(closing.cardSales));
    m_figures->setText(u"<b>%1</b><table width=\"100%\">%2</table>"_s.arg(
        tr("Shift %1 closed").arg(closing.id).toHtmlEscaped(), rows));
    m_difference->setText(tr("Expected %1, counted %2: %3")
                              .arg(Money::format(closing.expected),
                                   Money::format(closing.counted.value_or(0)),
                                   ShiftClosingDocument::differenceText(closing.difference())));
    QString error;
    const QString path = QDir(m_folder).filePath(u"shift-%1-closing.pdf"_s.arg(closing.id));
    if (QDir().mkpath(m_folder) && ShiftClosingDocument(closing).writePdf(path, &error)) {
        m_pdfPath = path;
        m_message->setText(
            tr("Shift closed. The closing is saved to %1.").arg(QDir::toNativeSeparators(path)));
    } else {
        m_message->setText(tr("Shift closed, but the closing could not be saved: %1")
                               .arg(error.isEmpty() ? QDir::toNativeSeparators(m_folder) : error));
    }
    adjustSize();
}
