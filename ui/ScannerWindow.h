#pragma once

#include <QWidget>

class DoorScanner;
class QComboBox;
class QLabel;
class QLineEdit;
class Session;

// The door (boxoffice --scan): pick the event, then scan tickets with a USB
// barcode scanner (it types the code and Enter into the focused field) or
// type them. Each answer fills the screen green or red with the seat, and
// the count of admitted of expected runs along. Works offline from the
// event's list; scans made offline are uploaded when the server is back.
class ScannerWindow : public QWidget
{
    Q_OBJECT
public:
    explicit ScannerWindow(Session &session, QWidget *parent = nullptr);

    DoorScanner &scanner() { return *m_scanner; }
    void chooseEvent(qint64 eventId);

private:
    void fillEvents();
    void showAnswer(bool admitted, const QString &headline, const QString &detail);
    void updateStatus();

    Session &m_session;
    DoorScanner *m_scanner;
    QComboBox *m_events;
    QLineEdit *m_door;
    QLineEdit *m_code;
    QLabel *m_answer;
    QLabel *m_detail;
    QLabel *m_count;
    QLabel *m_status;
};
