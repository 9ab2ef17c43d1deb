#include "WaitingRoomPanel.h"

#include "WaitingRoomClient.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

WaitingRoomPanel::WaitingRoomPanel(WaitingRoomClient &queue, QWidget *parent)
    : QWidget(parent)
    , m_queue(queue)
    , m_heading(new QLabel(tr("This on-sale has a waiting room"), this))
    , m_position(new QLabel(this))
    , m_estimate(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_note(new QLabel(this))
    , m_retry(new QPushButton(tr("&Try again"), this))
{
    setObjectName(u"waitingRoomPanel"_s);
    m_heading->setObjectName(u"queueHeading"_s);
    m_position->setObjectName(u"queuePosition"_s);
    m_estimate->setObjectName(u"queueEstimate"_s);
    m_progress->setObjectName(u"queueProgress"_s);
    m_note->setObjectName(u"queueNote"_s);
    m_retry->setObjectName(u"queueRetry"_s);
    QFont heading = m_heading->font();
    heading.setPointSizeF(heading.pointSizeF() * 1.5);
    heading.setBold(true);
    m_heading->setFont(heading);
    QFont position = m_position->font();
    position.setPointSizeF(position.pointSizeF() * 2);
    m_position->setFont(position);
    for (QLabel *label : {m_heading, m_position, m_estimate, m_note}) {
        label->setAlignment(Qt::AlignCenter);
        label->setWordWrap(true);
    }
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(480);
    m_note->setText(tr("Buyers are let in to pick seats in the order they came. The seat map "
                       "opens by itself when it is your turn; you can look at other events "
                       "meanwhile without losing your place."));
    auto *layout = new QVBoxLayout(this);
    layout->addStretch();
    layout->addWidget(m_heading);
    layout->addWidget(m_position);
    layout->addWidget(m_estimate);
    layout->addWidget(m_progress, 0, Qt::AlignHCenter);
    layout->addWidget(m_note);
    layout->addWidget(m_retry, 0, Qt::AlignHCenter);
    layout->addStretch();
    connect(m_retry, &QPushButton::clicked, this, [this] { m_queue.join(m_queue.eventId()); });
    connect(&m_queue, &WaitingRoomClient::changed, this, &WaitingRoomPanel::refresh);
    refresh();
}

bool WaitingRoomPanel::isWaiting(qint64 eventId) const
{
    using State = WaitingRoomClient::State;
    const State state = m_queue.state();
    return eventId != 0 && m_queue.eventId() == eventId &&
           (state == State::Joining || state == State::Waiting || state == State::Failed);
}

QString WaitingRoomPanel::waitText(qint64 seconds)
{
    if (seconds < 60)
        return tr("Less than a minute to wait.");
    if (seconds < 3600)
        return tr("About %n minute(s) to wait.", nullptr, int((seconds + 30) / 60));
    const int minutes = int((seconds + 30) / 60);
    return tr("About %1 h %2 min to wait.").arg(minutes / 60).arg(minutes % 60, 2, 10, QChar(u'0'));
}

void WaitingRoomPanel::refresh()
{
    using State = WaitingRoomClient::State;
    const QLocale locale;
    m_retry->setVisible(m_queue.state() == State::Failed);
    switch (m_queue.state()) {
    case State::Joining:
    case State::Checking:
        m_position->setText(tr("Joining the queue…"));
        m_estimate->clear();
        m_progress->setRange(0, 0); // busy
        break;
    case State::Waiting: {
        const qint64 position = m_queue.place().standing.position;
        m_position->setText(
            position <= 1 ? tr("You are next.")
                          : tr("You are number %1 in the queue.").arg(locale.toString(position)));
        m_estimate->setText(waitText(m_queue.place().standing.estimatedWaitSeconds));
        const qint64 first = std::max<qint64>(m_queue.firstPosition(), 1);
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(1000 * (first - std::min(position, first)) / first));
        break;
    }
    case State::Failed:
        m_position->setText(tr("Could not join the queue."));
        m_estimate->setText(m_queue.problem());
        m_progress->setRange(0, 1000);
        m_progress->setValue(0);
        break;
    case State::Off:
    case State::Admitted:
        m_position->clear();
        m_estimate->clear();
        m_progress->setRange(0, 1000);
        m_progress->setValue(1000);
        break;
    }
}
