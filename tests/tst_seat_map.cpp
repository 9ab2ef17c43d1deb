// The seat map widget on its own: clicks, keyboard, best available, state
// colours as painted, zoom; and the hold countdown's text.
#include "HoldCountdownLabel.h"
#include "SeatMapView.h"
#include "SeatPicker.h"

#include <QAccessible>
#include <QAccessibleActionInterface>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using Protocol::TicketStatus;
using State = SeatMapView::SeatState;

namespace {

// Rows A..C (front to back) of `seats` seats; ids 100·row + seat.
QList<Ticket> house(int rows = 3, int seats = 8)
{
    QList<Ticket> tickets;
    for (int r = 0; r < rows; ++r) {
        for (int s = 1; s <= seats; ++s) {
            Ticket t;
            t.id = 100 * (r + 1) + s;
            t.section = u"Parkett"_s;
            t.row = QString(QChar(u'A' + r));
            t.seat = s;
            t.price = r == 0 ? 4500 : 2500;
            t.priceCategoryId = r == 0 ? 1 : 2;
            t.x = s;
            t.y = r;
            tickets.append(t);
        }
    }
    return tickets;
}

Event theatre()
{
    Event event;
    event.id = 7;
    event.name = u"Hamlet"_s;
    event.venue.kind = u"theatre"_s;
    event.priceCategories = {{1, u"Premium"_s, 4500, u"#8e24aa"_s, std::nullopt},
                             {2, u"Standard"_s, 2500, u"#00897b"_s, std::nullopt}};
    return event;
}

void setStatus(QList<Ticket> &tickets, const QList<qint64> &ids, TicketStatus status)
{
    for (Ticket &t : tickets) {
        if (ids.contains(t.id))
            t.status = status;
    }
}

} // namespace

class TestSeatMap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void clickSelectsAndDeselects();
    void takenSeatsCannotBeSelected();
    void keyboardMovesAndPicks();
    void bestAvailable_data();
    void bestAvailable();
    void bestAvailableInTheWidgetReplacesTheSelection();
    void cheapestAndUpToAPrice();
    void stateColours_data();
    void stateColours();
    void seatTakenElsewhereLeavesTheSelection();
    void pushedChangesPatchOnlyTheirSeats();
    void zoomKeepsSeatsClickable();
    void selectionLimit();
    void everySeatIsAccessible();
    void countdownText_data();
    void countdownText();

private:
    std::unique_ptr<SeatMapView> m_view;
    QList<Ticket> m_tickets;
};

void TestSeatMap::init()
{
    m_view = std::make_unique<SeatMapView>();
    m_view->resize(800, 500);
    m_tickets = house();
    setStatus(m_tickets, {104, 105}, TicketStatus::Sold);
    setStatus(m_tickets, {106}, TicketStatus::Held);
    m_view->setEvent(theatre(), m_tickets);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestSeatMap::cleanup()
{
    m_view.reset();
}

void TestSeatMap::clickSelectsAndDeselects()
{
    QSignalSpy changed(m_view.get(), &SeatMapView::selectionChanged);
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, m_view->seatCenter(203));
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, m_view->seatCenter(204));
    QCOMPARE(m_view->selection(), (QList<qint64>{203, 204}));
    QCOMPARE(changed.size(), 2);
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, m_view->seatCenter(203));
    QCOMPARE(m_view->selection(), (QList<qint64>{204}));
    // A click between seats selects nothing.
    const QPoint between = (m_view->seatCenter(203) + m_view->seatCenter(303)) / 2;
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, between);
    QCOMPARE(m_view->selection(), (QList<qint64>{204}));
}

void TestSeatMap::takenSeatsCannotBeSelected()
{
    QSignalSpy refused(m_view.get(), &SeatMapView::selectionRefused);
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, m_view->seatCenter(104)); // sold
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, m_view->seatCenter(106)); // held
    QVERIFY(m_view->selection().isEmpty());
    QCOMPARE(refused.size(), 2);
}

void TestSeatMap::keyboardMovesAndPicks()
{
    m_view->setFocus();
    QCOMPARE(m_view->focusedSeat(), 101);
    QTest::keyClick(m_view.get(), Qt::Key_Right);
    QTest::keyClick(m_view.get(), Qt::Key_Right);
    QCOMPARE(m_view->focusedSeat(), 103);
    QTest::keyClick(m_view.get(), Qt::Key_Space);
    QTest::keyClick(m_view.get(), Qt::Key_Down);
    QCOMPARE(m_view->focusedSeat(), 203);
    QTest::keyClick(m_view.get(), Qt::Key_Return);
    QCOMPARE(m_view->selection(), (QList<qint64>{103, 203}));
    QTest::keyClick(m_view.get(), Qt::Key_Left);
    QCOMPARE(m_view->focusedSeat(), 202);
    QTest::keyClick(m_view.get(), Qt::Key_Up);
    QCOMPARE(m_view->focusedSeat(), 102);
    QTest::keyClick(m_view.get(), Qt::Key_Space); // deselect by keyboard too
    QTest::keyClick(m_view.get(), Qt::Key_Space);
    QCOMPARE(m_view->selection(), (QList<qint64>{103, 203}));
}

void TestSeatMap::bestAvailable_data()
{
    QTest::addColumn<QList<qint64>>("sold");
    QTest::addColumn<int>("count");
    QTest::addColumn<QList<qint64>>("expected");
    // Row A (y 0) is the front; the best row is a third of the way back (B of A..C).
    QTest::addRow("two in the middle of the best row")
        << QList<qint64>{} << 2 << QList<qint64>{204, 205};
    QTest::addRow("four in the middle")
        << QList<qint64>{} << 4 << QList<qint64>{203, 204, 205, 206};
    QTest::addRow("middle of the best row sold: the centre of the next best row")
        << QList<qint64>{204, 205, 206} << 2 << QList<qint64>{104, 105};
    QTest::addRow("best row full: the nearer row")
        << QList<qint64>{201, 202, 203, 204, 205, 206, 207, 208} << 3
        << QList<qint64>{103, 104, 105};
    QTest::addRow("no gap wide enough in any row")
        << QList<qint64>{103, 106, 203, 206, 303, 306} << 3 << QList<qint64>{};
    QTest::addRow("more than a row holds") << QList<qint64>{} << 9 << QList<qint64>{};
}

void TestSeatMap::bestAvailable()
{
    QFETCH(QList<qint64>, sold);
    QFETCH(int, count);
    QFETCH(QList<qint64>, expected);
    QList<Ticket> tickets = house();
    setStatus(tickets, sold, TicketStatus::Sold);
    QCOMPARE(SeatPicker::bestAvailable(tickets, count), expected);
}

void TestSeatMap::bestAvailableInTheWidgetReplacesTheSelection()
{
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, m_view->seatCenter(301));
    QVERIFY(m_view->selectBestAvailable(2));
    QCOMPARE(m_view->selection(), (QList<qint64>{204, 205}));
    // Seats on its own hold count as free for the next pick.
    m_tickets = house();
    setStatus(m_tickets, {204, 205}, TicketStatus::Held);
    m_view->setEvent(theatre(), m_tickets);
    m_view->setOwnHold({204, 205});
    m_view->setSelection({204, 205});
    QVERIFY(m_view->selectBestAvailable(4));
    QCOMPARE(m_view->selection(), (QList<qint64>{203, 204, 205, 206}));
    QSignalSpy refused(m_view.get(), &SeatMapView::selectionRefused);
    QVERIFY(!m_view->selectBestAvailable(9));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(m_view->selection().size(), 4);
}

// Row A is Premium (€45: seats 1–3 and 7–8 free), rows B and C Standard (€25).
void TestSeatMap::cheapestAndUpToAPrice()
{
    const auto categories = [this] {
        QSet<qint64> ids;
        for (qint64 id : m_view->selection())
            ids.insert(m_view->ticket(id)->priceCategoryId);
        return ids;
    };
    QVERIFY(m_view->selectBestAvailable(2));
    QCOMPARE(categories(), QSet<qint64>{2}); // the best seats are Standard's centre
    QVERIFY(m_view->selectCheapestAvailable(2));
    QCOMPARE(categories(), QSet<qint64>{2});
    QVERIFY(m_view->selectBestAvailableUpTo(2, 4500));
    QCOMPARE(categories(), QSet<qint64>{1}); // the dearest within the budget
    QVERIFY(m_view->selectBestAvailableUpTo(4, 4500));
    QCOMPARE(categories(), QSet<qint64>{2}); // no four together in Premium
    QSignalSpy refused(m_view.get(), &SeatMapView::selectionRefused);
    QVERIFY(!m_view->selectBestAvailableUpTo(2, 2000));
    QCOMPARE(refused.size(), 1);
}

void TestSeatMap::stateColours_data()
{
    QTest::addColumn<qint64>("ticket");
    QTest::addColumn<bool>("select");
    QTest::addColumn<int>("state");
    QTest::addColumn<QColor>("colour");
    QTest::addRow("available premium")
        << qint64(101) << false << int(State::Available) << QColor(u"#8e24aa"_s);
    QTest::addRow("available standard")
        << qint64(201) << false << int(State::Available) << QColor(u"#00897b"_s);
    QTest::addRow("sold") << qint64(104) << false << int(State::Sold)
                          << SeatMapView::stateColor(State::Sold);
    QTest::addRow("held by others") << qint64(106) << false << int(State::HeldByOthers)
                                    << SeatMapView::stateColor(State::HeldByOthers);
    QTest::addRow("selected") << qint64(202) << true << int(State::Selected)
                              << SeatMapView::stateColor(State::Selected);
}

void TestSeatMap::stateColours()
{
    QFETCH(qint64, ticket);
    QFETCH(bool, select);
    QFETCH(int, state);
    QFETCH(QColor, colour);
    if (select)
        m_view->setSelection({ticket});
    QCOMPARE(int(m_view->seatState(ticket)), state);
    QCOMPARE(m_view->seatColor(ticket), colour);
    // And that is what is painted on the seat (near its corner, off the tick
    // and the wheelchair ring).
    const QImage image = m_view->grab().toImage();
    const int unit = m_view->seatCenter(102).x() - m_view->seatCenter(101).x();
    const QPoint centre = m_view->seatCenter(ticket) - QPoint(unit * 28 / 100, unit * 28 / 100);
    const double ratio = image.devicePixelRatio();
    QCOMPARE(image.pixelColor(QPoint(int(centre.x() * ratio), int(centre.y() * ratio))).name(),
             colour.name());
}

void TestSeatMap::seatTakenElsewhereLeavesTheSelection()
{
    m_view->setSelection({201, 202});
    QSignalSpy changed(m_view.get(), &SeatMapView::selectionChanged);
    setStatus(m_tickets, {202}, TicketStatus::Sold);
    m_view->updateTickets(m_tickets);
    QCOMPARE(m_view->selection(), (QList<qint64>{201}));
    QCOMPARE(changed.size(), 1);
    // "Held" may be our own hold arriving over the stream before the hold
    // request answers: the seat stays selected (the request decides).
    setStatus(m_tickets, {201}, TicketStatus::Held);
    m_view->updateTickets(m_tickets);
    QCOMPARE(m_view->selection(), (QList<qint64>{201}));
    QCOMPARE(m_view->seatState(201), State::Selected);
    QCOMPARE(changed.size(), 1);
}

void TestSeatMap::pushedChangesPatchOnlyTheirSeats()
{
    m_view->setSelection({201, 202});
    Ticket sold = *m_view->ticket(202);
    sold.status = TicketStatus::Sold;
    m_view->applyChanges({sold});
    QCOMPARE(m_view->seatState(202), State::Sold);
    QCOMPARE(m_view->selection(), (QList<qint64>{201}));
    QCOMPARE(m_view->seatState(104), State::Sold);         // untouched
    QCOMPARE(m_view->seatState(106), State::HeldByOthers); // untouched
    QCOMPARE(m_view->seatState(301), State::Available);
    // A seat the map did not know is added where the layout says.
    Ticket extra = sold;
    extra.id = 999;
    extra.x = 9;
    extra.status = TicketStatus::Available;
    m_view->applyChanges({extra});
    QCOMPARE(m_view->seatState(999), State::Available);
    QVERIFY(m_view->seatCenter(999).x() > m_view->seatCenter(208).x());
}

void TestSeatMap::zoomKeepsSeatsClickable()
{
    const QPoint before = m_view->seatCenter(308);
    const int spacing = m_view->seatCenter(308).x() - m_view->seatCenter(307).x();
    m_view->setFocus();
    QTest::keyClick(m_view.get(), Qt::Key_Plus); // zooms around the focused seat, 101
    QVERIFY(m_view->zoom() > 1.0);
    QVERIFY(m_view->seatCenter(308).x() - m_view->seatCenter(307).x() > spacing);
    QVERIFY(m_view->seatCenter(308) != before);
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, m_view->seatCenter(101));
    QCOMPARE(m_view->selection(), (QList<qint64>{101}));
    QTest::keyClick(m_view.get(), Qt::Key_0);
    QCOMPARE(m_view->zoom(), 1.0);
    QCOMPARE(m_view->seatCenter(308), before);
}

void TestSeatMap::selectionLimit()
{
    m_view->setMaxSelection(2);
    QSignalSpy refused(m_view.get(), &SeatMapView::selectionRefused);
    for (qint64 id : {301, 302, 303})
        QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, m_view->seatCenter(id));
    QCOMPARE(m_view->selection(), (QList<qint64>{301, 302}));
    QCOMPARE(refused.size(), 1);
}

void TestSeatMap::everySeatIsAccessible()
{
    // What a screen reader gets: one child per seat with its name, price
    // and state, checked when picked, unavailable when taken, and an action
    // that picks it.
    QAccessibleInterface *map = QAccessible::queryAccessibleInterface(m_view.get());
    QVERIFY(map);
    QCOMPARE(map->childCount(), m_tickets.size());
    const auto seat = [&](qint64 id) -> QAccessibleInterface * {
        for (int i = 0; i < map->childCount(); ++i) {
            QAccessibleInterface *child = map->child(i);
            if (child && child->text(QAccessible::Name) ==
                             u"Parkett, row %1, seat %2"_s.arg(QChar(char16_t(u'A' + id / 100 - 1)))
                                 .arg(id % 100))
                return child;
        }
        return nullptr;
    };
    QAccessibleInterface *free = seat(203);
    QVERIFY(free);
    QCOMPARE(free->parent(), map);
    QCOMPARE(m_view->tickets().at(map->indexOfChild(free)).id, 203);
    QCOMPARE(free->text(QAccessible::Description), u"Standard · 25.00€ · available"_s);
    QVERIFY(free->state().checkable && !free->state().checked && !free->state().disabled);
    QVERIFY(
        (free->rect().center() - m_view->mapToGlobal(m_view->seatCenter(203))).manhattanLength() <=
        2);
    QCOMPARE(map->childAt(free->rect().center().x(), free->rect().center().y()), free);
    QVERIFY(seat(104)->state().disabled);
    QVERIFY(seat(104)->text(QAccessible::Description).endsWith(u"sold"_s));
    QVERIFY(seat(106)->text(QAccessible::Description).endsWith(u"held"_s));
    QVERIFY(seat(101)->text(QAccessible::Description).startsWith(u"Premium · 45.00€"_s));
    // Picking through the accessible action, as a screen reader user would.
    QAccessibleActionInterface *action = free->actionInterface();
    QVERIFY(action);
    action->doAction(QAccessibleActionInterface::toggleAction());
    QCOMPARE(m_view->selection(), (QList<qint64>{203}));
    QVERIFY(free->state().checked);
    QVERIFY(free->text(QAccessible::Description).endsWith(u"selected"_s));
    seat(104)->actionInterface()->doAction(QAccessibleActionInterface::toggleAction());
    QCOMPARE(m_view->selection(), (QList<qint64>{203})); // a sold seat stays unpicked
    // Another event's seats replace these.
    m_view->setEvent(theatre(), house(1, 4));
    QVERIFY(!free->isValid()); // row C is gone
    QCOMPARE(map->childCount(), 4);
    QCOMPARE(map->child(3)->text(QAccessible::Name), u"Parkett, row A, seat 4"_s);
}

void TestSeatMap::countdownText_data()
{
    QTest::addColumn<qint64>("remaining");
    QTest::addColumn<QString>("text");
    QTest::addRow("ten minutes") << qint64(600000) << u"Seats held for 10:00"_s;
    QTest::addRow("rounds up") << qint64(61001) << u"Seats held for 1:02"_s;
    QTest::addRow("last seconds") << qint64(9000) << u"Seats held for 0:09"_s;
    QTest::addRow("over") << qint64(0) << u"Seats held for 0:00"_s;
}

void TestSeatMap::countdownText()
{
    QFETCH(qint64, remaining);
    QFETCH(QString, text);
    QCOMPARE(HoldCountdownLabel::format(remaining), text);
}

QTEST_MAIN(TestSeatMap)
#include "tst_seat_map.moc"
