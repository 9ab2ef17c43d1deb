#pragma once

#include <QLabel>

class HoldController;
class QTimer;

// "Seats held for 9:41": the time left on this screen's hold, turning red in
// the last minute. Reads the HoldController's (injectable) clock.
class HoldCountdownLabel : public QLabel
{
    Q_OBJECT
public:
    explicit HoldCountdownLabel(HoldController &holds, QWidget *parent = nullptr);

    static QString format(qint64 remainingMs);
    void refresh();

private:
    HoldController &m_holds;
    QTimer *m_timer;
};
