#include "HoldCountdownLabel.h"

#include "HoldController.h"

#include <QTimer>

using namespace Qt::StringLiterals;

HoldCountdownLabel::HoldCountdownLabel(HoldController &holds, QWidget *parent)
    : QLabel(parent)
    , m_holds(holds)
    , m_timer(new QTimer(this))
{
    setObjectName(u"holdCountdown"_s);
    m_timer->setInterval(250);
    connect(m_timer, &QTimer::timeout, this, &HoldCountdownLabel::refresh);
    connect(&holds, &HoldController::holdChanged, this, &HoldCountdownLabel::refresh);
    connect(&holds, &HoldController::busyChanged, this, &HoldCountdownLabel::refresh);
    m_timer->start();
    refresh();
}

QString HoldCountdownLabel::format(qint64 remainingMs)
{
    const qint64 seconds = (remainingMs + 999) / 1000;
    return tr("Seats held for %1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

void HoldCountdownLabel::refresh()
{
    if (m_holds.isBusy()) {
        setText(tr("Holding seats…"));
        setStyleSheet(QString());
        return;
    }
    if (!m_holds.hasHold()) {
        setText(QString());
        return;
    }
    const qint64 remaining = m_holds.remainingMs();
    setText(format(remaining));
    setStyleSheet(remaining < 60000 ? u"color: #c62828; font-weight: bold"_s : QString());
}
