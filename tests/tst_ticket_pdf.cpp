// The printed ticket's promise: the QR code on it scans back to the booking
// code, on the PDF as a reader renders it, and the page says what was sold.
#include "Booking.h"
#include "Money.h"
#include "PdfCheck.h"
#include "QrCode.h"
#include "TicketDocument.h"

#include <QColor>
#include <QDir>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// A partially cancelled booking shaped like docs/API.md's: two valid tickets
// and one cancelled, paid by card.
const char BookingJson[] = R"({
  "id": 17, "code": "EMTK5LLV", "event_id": 1, "status": "partially_cancelled",
  "total": 4350, "refunded": 1450, "currency": "EUR", "payment_method": "card",
  "customer_name": "Ann Adler", "created_at": "2025-02-01T10:15:00.000Z",
  "event": {"name": "Der Leuchtturm", "starts_at": "2025-03-14T19:30:00.000Z",
            "venue": {"name": "Kleines Haus", "city": "Berlin", "address": "Hauptstrasse 12"}},
  "tickets": [
    {"id": 3, "section": "Loge", "row": "A", "seat": 3, "price": 1450, "price_category": "Loge", "status": "valid"},
    {"id": 4, "section": "Loge", "row": "A", "seat": 4, "price": 1450, "price_category": "Loge", "status": "valid"},
    {"id": 9, "section": "Parkett", "row": "C", "seat": 12, "price": 1450, "price_category": "Parkett", "status": "cancelled"}
  ],
  "payment": {"method": "card", "reference": "sbx_76956ef0"}
})";

Booking testBooking()
{
    return Booking::fromJson(QJsonDocument::fromJson(QByteArray(BookingJson)).object());
}

} // namespace

class TestTicketPdf : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void qrRoundTrip_data();
    void qrRoundTrip();
    void qrRejectsEmptyText();
    void pdfQrDecodesToBookingCode();
    void pdfQrCarriesEachTicketsSecret();
    void reprintSingleTicket();
    void unwritablePathGivesError();
    void cashReceiptAndReprint();
};

void TestTicketPdf::qrRoundTrip_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("moduleSize");
    QTest::addRow("booking code") << QByteArray("EMTK5LLV") << 8;
    QTest::addRow("letters") << QByteArray("ABCDEFGH") << 4;
    QTest::addRow("digits") << QByteArray("23456789") << 3;
    QTest::addRow("one pixel per module") << QByteArray("EMTK5LLV") << 1;
}

void TestTicketPdf::qrRoundTrip()
{
    QFETCH(QByteArray, text);
    QFETCH(int, moduleSize);
    // ZXing wants a few pixels per module; scale up the smallest without smoothing.
    QImage image = QrCode::render(text, moduleSize);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), image.height());
    QCOMPARE(image.width() % moduleSize, 0);
    // Quiet zone: the four corners are white.
    const int last = image.width() - 1;
    for (const QPoint corner : {QPoint(0, 0), QPoint(last, 0), QPoint(0, last), QPoint(last, last)})
        QCOMPARE(QColor(image.pixel(corner)), QColor(Qt::white));
    if (moduleSize < 3)
        image = image.scaled(image.size() * 4, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    QCOMPARE(decodeQr(image), QString::fromLatin1(text));
}

void TestTicketPdf::qrRejectsEmptyText()
{
    QVERIFY(QrCode::render(QByteArray()).isNull());
    QVERIFY(QrCode::render("EMTK5LLV", 0).isNull());
}

void TestTicketPdf::pdfQrCarriesEachTicketsSecret()
{
    Booking booking = testBooking();
    const QStringList secrets{u"K7QXM2PDH4WRT9ZB3CEF"_s, u"2233445566778899AABB"_s};
    int i = 0;
    for (BookedTicket &ticket : booking.tickets) {
        if (ticket.isValid())
            ticket.secret = secrets.value(i++);
    }
    QCOMPARE(i, 2);
    QTemporaryDir directory;
    const QString pdf = directory.filePath(u"tickets.pdf"_s);
    QString error;
    QVERIFY2(TicketDocument(booking).writePdf(pdf, &error), qPrintable(error));
    const QStringList pages = rasterize(pdf, directory.path());
    QCOMPARE(pages.size(), 3);
    QCOMPARE(decodeQr(QImage(pages.at(0))), secrets[0]);
    QCOMPARE(decodeQr(QImage(pages.at(1))), secrets[1]);
    // Beside it, for typing in at a door whose scanner fails.
    const QString text = pdfText(pdf);
    QVERIFY2(text.contains(u"K7QXM 2PDH4 WRT9Z B3CEF"_s), qPrintable(text));
    QVERIFY(text.contains(booking.code));
}

// A booking from a server without ticket secrets: the booking code.
void TestTicketPdf::pdfQrDecodesToBookingCode()
{
    const Booking booking = testBooking();
    QCOMPARE(booking.validTickets().size(), 2);
    TicketDocument document(booking);
    QCOMPARE(document.pageCount(), 3);

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString pdf = directory.filePath(u"tickets.pdf"_s);
    QString error;
    QVERIFY2(document.writePdf(pdf, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(pdfPageCount(pdf), 3);

    const QStringList pages = rasterize(pdf, directory.path());
    QCOMPARE(pages.size(), 3);
    for (int i = 0; i < 2; ++i) {
        const QImage page(pages.at(i));
        QVERIFY2(!page.isNull(), qPrintable(pages.at(i)));
        QCOMPARE(decodeQr(page), booking.code);
    }

    const QString all = pdfText(pdf);
    QVERIFY2(all.contains(booking.eventName), qPrintable(all));
    QVERIFY(all.contains(booking.code));
    QVERIFY(!all.contains(u"Seat 12"_s));
    QVERIFY(!all.contains(u"Row C"_s));
    QVERIFY(!all.contains(u"Parkett"_s));

    const QList<BookedTicket> valid = booking.validTickets();
    for (int i = 0; i < valid.size(); ++i) {
        const QString text = pdfText(pdf, i + 1);
        const BookedTicket &ticket = valid.at(i);
        QVERIFY2(text.contains(u"Row "_s + ticket.row), qPrintable(text));
        QVERIFY2(text.contains(u"Seat "_s + QString::number(ticket.seat)), qPrintable(text));
        QVERIFY(text.contains(booking.eventName));
        QVERIFY(text.contains(booking.code));
        QVERIFY(text.contains(booking.venueName));
        QVERIFY(text.contains(booking.customerName));
        QVERIFY(text.contains(plainSpaces(Money::format(ticket.price, booking.currency))));
    }

    const QString receipt = pdfText(pdf, 3);
    QVERIFY2(receipt.contains(u"Receipt"_s), qPrintable(receipt));
    QVERIFY(receipt.contains(booking.code));
    QVERIFY2(receipt.contains(plainSpaces(Money::format(booking.total, booking.currency))),
             qPrintable(receipt));
    QVERIFY(receipt.contains(plainSpaces(Money::format(booking.refunded, booking.currency))));
    QVERIFY(receipt.contains(u"sbx_76956ef0"_s));
    QVERIFY(receipt.contains(u"Seat 3"_s));
    QVERIFY(receipt.contains(u"Seat 4"_s));
}

void TestTicketPdf::reprintSingleTicket()
{
    const Booking booking = testBooking();
    TicketDocument document(booking);
    document.setIncludeReceipt(false);
    document.setTicketIds({4});
    QCOMPARE(document.pageCount(), 1);

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString pdf = directory.filePath(u"reprint.pdf"_s);
    QString error;
    QVERIFY2(document.writePdf(pdf, &error), qPrintable(error));
    QCOMPARE(pdfPageCount(pdf), 1);

    const QStringList pages = rasterize(pdf, directory.path());
    QCOMPARE(pages.size(), 1);
    QCOMPARE(decodeQr(QImage(pages.first())), booking.code);
    const QString text = pdfText(pdf);
    QVERIFY2(text.contains(u"Seat 4"_s), qPrintable(text));
    QVERIFY(!text.contains(u"Seat 3"_s));
    QVERIFY(!text.contains(u"Receipt"_s));
    // Numbered within the booking, not within the reprint.
    QVERIFY(text.contains(u"Ticket 2 of 2"_s));

    // A cancelled ticket is never reprinted.
    document.setTicketIds({9});
    QCOMPARE(document.pageCount(), 0);
    QVERIFY(!document.writePdf(directory.filePath(u"cancelled.pdf"_s), &error));
    QVERIFY(!error.isEmpty());
}

void TestTicketPdf::unwritablePathGivesError()
{
    TicketDocument document(testBooking());
    QString error;
    QVERIFY(!document.writePdf(u"/nonexistent-dir/x.pdf"_s, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(u"x.pdf"_s), qPrintable(error));
}

// A cash sale at the counter: tendered and change on the receipt, the date of
// sale on one line and without seconds (the C locale's short time has them),
// the city once, no customer when none was given, and a reprint marked.
void TestTicketPdf::cashReceiptAndReprint()
{
    QJsonObject json = QJsonDocument::fromJson(QByteArray(BookingJson)).object();
    json.insert(u"payment_method"_s, u"cash"_s);
    json.insert(u"status"_s, u"confirmed"_s);
    json.insert(u"refunded"_s, 0);
    json.insert(u"customer_name"_s, QString());
    json.insert(u"created_at"_s, u"2025-02-01T10:15:42.000Z"_s);
    QJsonObject event = json.value(u"event"_s).toObject();
    event.insert(u"venue"_s, QJsonObject{{u"name"_s, u"Hafenhalle"_s},
                                         {u"city"_s, u"Hamburg"_s},
                                         {u"address"_s, u"Am Kaiserkai 1, 20457 Hamburg"_s}});
    json.insert(u"event"_s, event);
    json.insert(u"payment"_s, QJsonObject{{u"method"_s, u"cash"_s}, {u"change_due"_s, 5650}});
    const Booking booking = Booking::fromJson(json);
    QVERIFY(booking.payment && booking.payment->changeDue == 5650);
    QVERIFY(booking.customerName.isEmpty());

    QTemporaryDir directory;
    TicketDocument document(booking);
    const QString pdf = directory.filePath(u"cash.pdf"_s);
    QString error;
    QVERIFY2(document.writePdf(pdf, &error), qPrintable(error));
    const int receiptPage = document.pageCount();
    const QString receipt = pdfText(pdf, receiptPage);
    QVERIFY2(receipt.contains(u"Tendered"_s), qPrintable(receipt));
    // total 43.50 + change 56.50 = 100.00 handed over
    QVERIFY(receipt.contains(plainSpaces(Money::format(10000, booking.currency))));
    QVERIFY(receipt.contains(plainSpaces(Money::format(5650, booking.currency))));
    const QTime sold = booking.createdAt.toLocalTime().time();
    const QString minutes = sold.toString(u"HH:mm"_s);
    // In one piece: a wrapped value would break the line inside it.
    const QString saleTime =
        QLocale().toString(booking.createdAt.toLocalTime().date(), QLocale::ShortFormat) + u", "_s +
        minutes;
    QVERIFY2(receipt.contains(saleTime), qPrintable(saleTime + u" in "_s + receipt));
    QVERIFY2(!receipt.contains(sold.toString(u"HH:mm:ss"_s)), qPrintable(receipt));
    const QString all = pdfText(pdf);
    QVERIFY2(!all.contains(u"Hamburg, Hamburg"_s), qPrintable(all));
    QVERIFY(all.contains(u"Am Kaiserkai 1, 20457 Hamburg"_s));
    QVERIFY(!all.contains(booking.startsAt.toLocalTime().time().toString(u"HH:mm:ss"_s)));
    QVERIFY(!all.contains(u"REPRINT"_s));
    QVERIFY(!all.contains(u"Customer"_s));

    document.setReprint(true);
    const QString copy = directory.filePath(u"copy.pdf"_s);
    QVERIFY2(document.writePdf(copy, &error), qPrintable(error));
    QVERIFY(pdfText(copy, 1).contains(u"REPRINT"_s));
    QVERIFY(pdfText(copy, receiptPage).contains(u"Receipt (reprint)"_s));
}

QTEST_MAIN(TestTicketPdf)
#include "tst_ticket_pdf.moc"
