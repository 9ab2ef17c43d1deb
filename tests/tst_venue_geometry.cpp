// Venue geometry from the import file to the seat map, without a server:
// the demo concert hall's balconies sit left and right of the stalls, rows
// curve and turn; the map names the sections, labels rows at 9 pt or more,
// keeps the stage label whole and the legend clear of the seats; files and
// stored layouts without geometry keep working.
#include "CatalogImporter.h"
#include "DemoCatalog.h"
#include "SeatMapView.h"

#include <QJsonArray>
#include <QTest>

#include <stdexcept>

using namespace Qt::StringLiterals;
using Kind = SeatMapView::Label::Kind;

namespace {

QJsonObject demoVenue(const QString &name)
{
    for (const QJsonObject &entry : demoCatalog()) {
        const QJsonObject venue = entry.value(u"venue"_s).toObject();
        if (venue.value(u"name"_s).toString() == name)
            return venue;
    }
    return {};
}

// Tickets for a laid-out venue, one price category per section name in `prices`.
std::pair<Event, QList<Ticket>> eventAt(const QJsonObject &venue)
{
    Event event;
    event.id = 1;
    event.name = u"Beethoven: Symphonie Nr. 9"_s;
    event.venue.name = venue.value(u"name"_s).toString();
    event.venue.kind = venue.value(u"kind"_s).toString();
    event.priceCategories = {{1, u"Kategorie 1"_s, 8900, u"#c62828"_s, std::nullopt},
                             {2, u"Kategorie 2"_s, 5900, u"#ef6c00"_s, std::nullopt},
                             {3, u"Kategorie 3"_s, 2900, u"#2e7d32"_s, std::nullopt}};
    QList<Ticket> tickets;
    qint64 id = 1;
    for (const VenueSeat &seat : layOutVenue(venue)) {
        Ticket t;
        t.id = id++;
        t.section = seat.section;
        t.row = seat.row;
        t.seat = seat.number;
        t.x = seat.x;
        t.y = seat.y;
        t.accessible = seat.accessible;
        t.priceCategoryId = seat.section == u"Parkett"_s         ? 1
                            : seat.section.startsWith(u"Rang"_s) ? 2
                                                                 : 3;
        t.price = event.priceCategories[t.priceCategoryId - 1].price;
        tickets.append(t);
    }
    return {event, tickets};
}

QRectF seatsOf(const QList<Ticket> &tickets, const QString &section)
{
    QRectF box;
    for (const Ticket &t : tickets) {
        if (t.section == section)
            box = box.isNull() ? QRectF(t.x, t.y, 1, 1) : box.united(QRectF(t.x, t.y, 1, 1));
    }
    return box;
}

QRectF labelOf(const QList<SeatMapView::Label> &labels, Kind kind, const QString &text)
{
    for (const SeatMapView::Label &label : labels) {
        if (label.kind == kind && label.text == text)
            return label.rect;
    }
    return {};
}

} // namespace

class TestVenueGeometry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void balconiesBesideTheStalls();
    void rowsCurveAndTurn();
    void badGeometryIsRefused_data();
    void badGeometryIsRefused();
    void mapNamesSectionsAndRowsReadably();
    void stageLabelWholeAndLegendOutsideTheSeats();
    void layoutsWithoutGeometryKeepWorking();
};

void TestVenueGeometry::balconiesBesideTheStalls()
{
    const QJsonObject hall = demoVenue(u"Hafenhalle"_s);
    QVERIFY(!hall.isEmpty());
    const QList<Ticket> tickets = eventAt(hall).second;
    QCOMPARE(tickets.size(), 1800);
    const QRectF stalls = seatsOf(tickets, u"Parkett"_s);
    const QRectF left = seatsOf(tickets, u"Rang links"_s);
    const QRectF right = seatsOf(tickets, u"Rang rechts"_s);
    // Beside the stalls, not stacked under them: level with them, one left, one right.
    QVERIFY(left.right() < stalls.left());
    QVERIFY(right.left() > stalls.right());
    QVERIFY(left.top() > stalls.top() && left.bottom() < stalls.bottom());
    QVERIFY(right.top() > stalls.top() && right.bottom() < stalls.bottom());
    QCOMPARE(left.center().y(), right.center().y());
    QVERIFY(seatsOf(tickets, u"Galerie"_s).top() > stalls.bottom());
    // The theatre's balcony is behind its stalls, its rows curved too.
    const QList<Ticket> theatre = eventAt(demoVenue(u"Isarbühne"_s)).second;
    QVERIFY(seatsOf(theatre, u"Balkon"_s).top() > seatsOf(theatre, u"Parkett"_s).bottom());
}

void TestVenueGeometry::rowsCurveAndTurn()
{
    const QList<Ticket> tickets = eventAt(demoVenue(u"Hafenhalle"_s)).second;
    const auto seat = [&](const QString &section, const QString &row, int number) {
        for (const Ticket &t : tickets) {
            if (t.section == section && t.row == row && t.seat == number)
                return QPoint(t.x, t.y);
        }
        return QPoint(-99999, -99999);
    };
    // Stalls row A bends towards the stage at both ends, symmetrically.
    const QPoint first = seat(u"Parkett"_s, u"A"_s, 1), middle = seat(u"Parkett"_s, u"A"_s, 20),
                 last = seat(u"Parkett"_s, u"A"_s, 40);
    QVERIFY(first.y() < middle.y() - 20);
    QCOMPARE(first.y(), last.y());
    QCOMPARE(first.x(), -last.x());
    // Neighbours stay one seat (ten tenths) apart along the curve.
    const QPoint second = seat(u"Parkett"_s, u"A"_s, 2);
    QVERIFY(std::abs(std::hypot(second.x() - first.x(), second.y() - first.y()) - 10) < 1.0);
    // The left balcony's rows run from the stage backwards, row B left of A.
    const QPoint a1 = seat(u"Rang links"_s, u"A"_s, 1), a20 = seat(u"Rang links"_s, u"A"_s, 20);
    QCOMPARE(a1.x(), a20.x());
    QVERIFY(a1.y() < a20.y());
    QVERIFY(seat(u"Rang links"_s, u"B"_s, 1).x() < a1.x());
    QVERIFY(seat(u"Rang rechts"_s, u"B"_s, 1).x() > seat(u"Rang rechts"_s, u"A"_s, 1).x());
}

void TestVenueGeometry::badGeometryIsRefused_data()
{
    QTest::addColumn<QJsonObject>("section");
    QTest::addColumn<QString>("error");
    const QJsonObject base{{u"name"_s, u"Rang"_s}, {u"rows"_s, 2}, {u"seats_per_row"_s, 4}};
    QJsonObject s = base;
    s.insert(u"position"_s, 5);
    QTest::addRow("position not an object") << s << u"\"position\" must be an object"_s;
    s = base;
    s.insert(u"position"_s, QJsonObject{{u"x"_s, 1}});
    QTest::addRow("no y") << s << u"\"position\" must be an object"_s;
    s = base;
    s.insert(u"position"_s, QJsonObject{{u"x"_s, 0}, {u"y"_s, 0}});
    s.insert(u"angle"_s, 400);
    QTest::addRow("angle") << s << u"\"angle\" must be a number"_s;
    s = base;
    s.insert(u"position"_s, QJsonObject{{u"x"_s, 0}, {u"y"_s, 0}});
    s.insert(u"curve"_s, 0.5);
    QTest::addRow("curve") << s << u"\"curve\" must be 0"_s;
    s = base;
    s.insert(u"position"_s, QJsonObject{{u"x"_s, 0}, {u"y"_s, 1}});
    QTest::addRow("on the stalls' seats") << s << u"lies on another seat"_s;
}

void TestVenueGeometry::badGeometryIsRefused()
{
    QFETCH(QJsonObject, section);
    QFETCH(QString, error);
    const QJsonObject stalls{{u"name"_s, u"Parkett"_s},
                             {u"rows"_s, 3},
                             {u"seats_per_row"_s, 4},
                             {u"position"_s, QJsonObject{{u"x"_s, 0}, {u"y"_s, 0}}}};
    const QJsonObject venue{{u"name"_s, u"Hall"_s},
                            {u"city"_s, u"Kiel"_s},
                            {u"sections"_s, QJsonArray{stalls, section}}};
    try {
        layOutVenue(venue);
        QFAIL("accepted");
    } catch (const std::invalid_argument &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(error), e.what());
    }
}

void TestVenueGeometry::mapNamesSectionsAndRowsReadably()
{
    const auto [event, tickets] = eventAt(demoVenue(u"Hafenhalle"_s));
    SeatMapView map;
    map.resize(map.sizeHint()); // the default size
    map.setEvent(event, tickets);
    map.show();
    QVERIFY(QTest::qWaitForWindowExposed(&map));
    const QList<SeatMapView::Label> labels = map.labels();
    const QRectF stalls = labelOf(labels, Kind::Section, u"Parkett"_s);
    const QRectF left = labelOf(labels, Kind::Section, u"Rang links"_s);
    const QRectF right = labelOf(labels, Kind::Section, u"Rang rechts"_s);
    QVERIFY(!stalls.isNull() && !left.isNull() && !right.isNull());
    QVERIFY(!labelOf(labels, Kind::Section, u"Galerie"_s).isNull());
    QVERIFY(left.right() < stalls.left() && stalls.right() < right.left());
    // Row names at 9 pt or more, a good share of them at the default size,
    // none on another label.
    QVERIFY(map.labelFont(Kind::Row).pointSizeF() >= 9);
    int rows = 0;
    for (const SeatMapView::Label &label : labels) {
        rows += label.kind == Kind::Row;
        for (const SeatMapView::Label &other : labels) {
            if (&label != &other)
                QVERIFY2(!label.rect.intersects(other.rect), qPrintable(label.text));
        }
        QVERIFY(QFontMetricsF(map.labelFont(label.kind)).horizontalAdvance(label.text) <=
                label.rect.width());
    }
    QVERIFY2(rows >= 20, qPrintable(QString::number(rows)));
    QVERIFY(!labelOf(labels, Kind::Row, u"A"_s).isNull());
}

void TestVenueGeometry::stageLabelWholeAndLegendOutsideTheSeats()
{
    const auto [event, tickets] = eventAt(demoVenue(u"Hafenhalle"_s));
    SeatMapView map;
    map.resize(900, 600);
    map.setEvent(event, tickets);
    map.show();
    QVERIFY(QTest::qWaitForWindowExposed(&map));
    const QList<SeatMapView::Label> labels = map.labels();
    const QRectF stage = labelOf(labels, Kind::Stage, u"Stage"_s);
    QVERIFY(!stage.isNull());
    const QFontMetricsF metrics(map.labelFont(Kind::Stage));
    QVERIFY(stage.height() >= metrics.height());
    QVERIFY(stage.width() >= metrics.horizontalAdvance(u"Stage"_s));
    QVERIFY(QRectF(map.rect()).contains(stage));
    for (const Ticket &t : tickets)
        QVERIFY(!stage.intersects(map.seatRect(t.id)));
    // Zoomed far in, around a seat at the back: nothing of the seats is
    // painted in the legend's band.
    map.setFocus();
    const QRect legend = map.legendRect();
    QVERIFY(legend.height() >= map.fontMetrics().height());
    QTest::keyClick(&map, Qt::Key_Down);
    for (int i = 0; i < 12; ++i)
        QTest::keyClick(&map, Qt::Key_Plus);
    int inLegend = 0;
    for (const Ticket &t : tickets)
        inLegend += legend.intersects(map.seatRect(t.id));
    QVERIFY(inLegend > 0); // the seats do reach down there
    const QImage image = map.grab().toImage();
    // The part of the band right of the legend's items (its margin) shows
    // the band's own colour only.
    const QColor band = map.palette().window().color();
    for (int y = legend.top() + 2; y < legend.bottom(); ++y) {
        for (int x = map.width() - 12; x < map.width(); ++x)
            QCOMPARE(image.pixelColor(x, y).rgb(), band.rgb());
    }
}

void TestVenueGeometry::layoutsWithoutGeometryKeepWorking()
{
    // A file without positions: rows left-aligned, sections one under another.
    const QJsonObject venue{
        {u"name"_s, u"Old Hall"_s},
        {u"city"_s, u"Kiel"_s},
        {u"sections"_s,
         QJsonArray{QJsonObject{{u"name"_s, u"Parkett"_s}, {u"rows"_s, 2}, {u"seats_per_row"_s, 3}},
                    QJsonObject{{u"name"_s, u"Loge"_s}, {u"rows"_s, 1}, {u"seats_per_row"_s, 2}}}}};
    const QList<VenueSeat> seats = layOutVenue(venue);
    QCOMPARE(seats.size(), 8);
    QCOMPARE(QPoint(seats[0].x, seats[0].y), QPoint(10, 0));
    QCOMPARE(QPoint(seats[3].x, seats[3].y), QPoint(10, 10));
    QCOMPARE(QPoint(seats[6].x, seats[6].y), QPoint(10, 30)); // an aisle row between
    // A layout stored in whole seats (before tenths) is drawn as the same
    // layout in tenths: same places, same clickable seats.
    Event event;
    event.id = 3;
    QList<Ticket> tenths, whole;
    for (qsizetype i = 0; i < seats.size(); ++i) {
        Ticket t;
        t.id = i + 1;
        t.section = seats[i].section;
        t.row = seats[i].row;
        t.seat = seats[i].number;
        t.x = seats[i].x;
        t.y = seats[i].y;
        tenths.append(t);
        t.x /= 10;
        t.y /= 10;
        whole.append(t);
    }
    SeatMapView a, b;
    for (SeatMapView *map : {&a, &b})
        map->resize(600, 400);
    a.setEvent(event, tenths);
    b.setEvent(event, whole);
    for (const Ticket &t : tenths) {
        QCOMPARE(a.seatCenter(t.id), b.seatCenter(t.id));
        QCOMPARE(a.seatRect(t.id), b.seatRect(t.id));
        QVERIFY(a.seatRect(t.id).width() >= 20);
    }
    QCOMPARE(a.labels().size(), b.labels().size());
}

QTEST_MAIN(TestVenueGeometry)
#include "tst_venue_geometry.moc"
