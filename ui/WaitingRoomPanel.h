#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class WaitingRoomClient;

// What a customer sees instead of the seat map while an on-sale's waiting
// room holds them back: their place in the queue, about how long, and how
// far they have come. The seat map takes its place once they are admitted.
class WaitingRoomPanel : public QWidget
{
    Q_OBJECT
public:
    explicit WaitingRoomPanel(WaitingRoomClient &queue, QWidget *parent = nullptr);

    // Whether the panel has something to show for this event (the queue is
    // joining, waiting or failed for it); otherwise the seat map is shown.
    bool isWaiting(qint64 eventId) const;
    void refresh();

    static QString waitText(qint64 seconds);

private:
    WaitingRoomClient &m_queue;
    QLabel *m_heading;
    QLabel *m_position;
    QLabel *m_estimate;
    QProgressBar *m_progress;
    QLabel *m_note;
    QPushButton *m_retry;
};
