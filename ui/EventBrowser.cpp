#include "EventBrowser.h"

#include "Clock.h"
#include "EventListModel.h"
#include "Mirror.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

EventBrowser::EventBrowser(Mirror &mirror, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_mirror(mirror)
    , m_clock(clock)
    , m_search(new QLineEdit(this))
    , m_range(new QComboBox(this))
    , m_date(new QDateEdit(this))
    , m_venue(new QComboBox(this))
    , m_list(new QListView(this))
    , m_count(new QLabel(this))
    , m_model(new EventListModel(this))
{
    m_search->setObjectName(u"searchField"_s);
    m_search->setPlaceholderText(tr("Search events, performers, venues, cities (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_range->setObjectName(u"rangeFilter"_s);
    m_range->addItem(tr("Today"), QVariant::fromValue(Range::Today));
    m_range->addItem(tr("Next 7 days"), QVariant::fromValue(Range::Next7Days));
    m_range->addItem(tr("Next 30 days"), QVariant::fromValue(Range::Next30Days));
    m_range->addItem(tr("All upcoming"), QVariant::fromValue(Range::AllUpcoming));
    m_range->addItem(tr("On date…"), QVariant::fromValue(Range::OnDate));
    m_range->setCurrentIndex(1);
    m_date->setCalendarPopup(true);
    m_date->setDate(clock.now().toLocalTime().date());
    m_date->setEnabled(false);
    m_venue->setObjectName(u"venueFilter"_s);
    m_list->setObjectName(u"eventList"_s);
    m_list->setModel(m_model);
    m_list->setUniformItemSizes(true);
    m_list->setAlternatingRowColors(true);
    m_count->setObjectName(u"resultCount"_s);

    // Dates on one line, the venue on the next: the list stays narrow enough
    // to leave the seat map its room.
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_range, 1);
    filters->addWidget(m_date, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addLayout(filters);
    layout->addWidget(m_venue);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_count);

    connect(m_search, &QLineEdit::textChanged, this, &EventBrowser::refresh);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (m_model->rowCount() > 0) {
            m_list->setCurrentIndex(m_model->index(0));
            m_list->setFocus();
            Q_EMIT eventActivated(m_model->eventAt(0)->id);
        }
    });
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        if (const Event *event = m_model->eventAt(index.row()))
            Q_EMIT eventActivated(event->id);
    });
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] {
        m_date->setEnabled(m_range->currentData().value<Range>() == Range::OnDate);
        refresh();
    });
    connect(m_date, &QDateEdit::dateChanged, this, &EventBrowser::refresh);
    connect(m_venue, &QComboBox::currentIndexChanged, this, &EventBrowser::refresh);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (const Event *event = m_model->eventAt(current.row()))
                    Q_EMIT eventChosen(event->id);
            });
    // Free seats follow the stream: a sale anywhere changes the count shown,
    // from the seat map where it is mirrored, else from the server's count.
    const auto updateCount = [this](qint64 eventId) {
        if (m_model->rowOf(eventId) < 0)
            return;
        if (const std::optional<Event> event = m_mirror.event(eventId))
            m_model->updateEvent(*event);
    };
    connect(&mirror, &Mirror::ticketsChanged, this, updateCount);
    connect(&mirror, &Mirror::availabilityChanged, this,
            [updateCount](const QList<qint64> &eventIds) {
                for (qint64 eventId : eventIds)
                    updateCount(eventId);
            });
    connect(&mirror, &Mirror::catalogChanged, this, [this] {
        refreshVenues();
        refresh();
    });
    refreshVenues();
    refresh();
}

void EventBrowser::setRange(Range range)
{
    m_range->setCurrentIndex(m_range->findData(QVariant::fromValue(range)));
}

void EventBrowser::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void EventBrowser::refreshVenues()
{
    // Venues arrive with catalog updates, not with keystrokes.
    const qint64 venueId = m_venue->currentData().toLongLong();
    const QList<Venue> venues = m_mirror.venues();
    const QSignalBlocker blocker(m_venue);
    m_venue->clear();
    m_venue->addItem(tr("All venues"), 0);
    for (const Venue &venue : venues)
        m_venue->addItem(venue.name + u", "_s + venue.city, venue.id);
    m_venue->setCurrentIndex(std::max(0, m_venue->findData(venueId)));
}

void EventBrowser::refresh()
{

    Mirror::Search search;
    search.text = m_search->text();
    search.venueId = m_venue->currentData().toLongLong();
    const QDateTime now = m_clock.now();
    const QDate today = now.toLocalTime().date();
    // Events that started in the last three hours still sell at the counter.
    search.from = now.addSecs(-3 * 3600);
    switch (m_range->currentData().value<Range>()) {
    case Range::Today:
        search.until = QDateTime(today.addDays(1), QTime(0, 0)).toUTC();
        break;
    case Range::Next7Days:
        search.until = QDateTime(today.addDays(8), QTime(0, 0)).toUTC();
        break;
    case Range::Next30Days:
        search.until = QDateTime(today.addDays(31), QTime(0, 0)).toUTC();
        break;
    case Range::AllUpcoming:
        break;
    case Range::OnDate:
        search.from = QDateTime(m_date->date(), QTime(0, 0)).toUTC();
        search.until = QDateTime(m_date->date().addDays(1), QTime(0, 0)).toUTC();
        break;
    }
    const qint64 current = m_model->eventAt(m_list->currentIndex().row())
                               ? m_model->eventAt(m_list->currentIndex().row())->id
                               : 0;
    const QList<Event> events = m_mirror.searchEvents(search);
    {
        // Re-filling the list is not the clerk choosing another event.
        const QSignalBlocker blocker(m_list->selectionModel());
        m_model->setEvents(events);
        if (const int row = m_model->rowOf(current); row >= 0)
            m_list->setCurrentIndex(m_model->index(row));
    }
    m_count->setText(events.isEmpty() ? tr("No events match.")
                                      : tr("%n event(s)", nullptr, int(events.size())));
}
