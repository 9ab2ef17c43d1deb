#pragma once

#include <QWidget>

class Clock;
class EventListModel;
class Mirror;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QListView;

// Today's and upcoming events from the mirror, by venue and date, with
// search as you type (FTS5, no network). Works the same offline.
class EventBrowser : public QWidget
{
    Q_OBJECT
public:
    enum class Range
    {
        Today,
        Next7Days,
        Next30Days,
        AllUpcoming,
        OnDate,
    };
    Q_ENUM(Range)

    EventBrowser(Mirror &mirror, const Clock &clock, QWidget *parent = nullptr);

    QLineEdit *searchField() const { return m_search; }
    QListView *list() const { return m_list; }
    EventListModel *model() const { return m_model; }
    void setRange(Range range);
    void refresh();
    void focusSearch();

Q_SIGNALS:
    void eventChosen(qint64 eventId);
    // Return on the search or the list: the clerk is done choosing.
    void eventActivated(qint64 eventId);

private:
    void refreshVenues();

    Mirror &m_mirror;
    const Clock &m_clock;
    QLineEdit *m_search;
    QComboBox *m_range;
    QDateEdit *m_date;
    QComboBox *m_venue;
    QListView *m_list;
    QLabel *m_count;
    EventListModel *m_model;
};
