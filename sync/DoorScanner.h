#pragma once

#include "CheckIn.h"
#include "ErrorCode.h"

#include <QObject>

class ApiClient;
class Clock;
class Mirror;
class QTimer;
class SyncEngine;

// A door's scanner (boxoffice --scan): checks the tickets of one event in.
// Online, each scan asks the server (POST /v1/checkin), which admits a
// ticket once across every door. The event's list of valid tickets is kept
// in the mirror, so when the server cannot be reached the door goes on
// admitting from it, recording each scan, and uploads them once back
// online; a ticket another door admitted meanwhile comes back as a
// conflict, never silently as a second admission.
class DoorScanner : public QObject
{
    Q_OBJECT
public:
    // What the door shows for a scan: let in or not, and why.
    struct Answer
    {
        bool admitted = false;
        bool offline = false; // decided from the door's own list
        QString headline;     // "Admitted", "Already checked in", …
        QString detail;       // the seat and holder, or what to do
        ErrorCode refusal = ErrorCode::Unknown;
    };

    DoorScanner(ApiClient &api, Mirror &mirror, SyncEngine &sync, const Clock &clock,
                QObject *parent = nullptr);

    // The event at this door and the door's name; fetches its list.
    void setEvent(qint64 eventId, const QString &device);
    qint64 eventId() const { return m_eventId; }
    void setDevice(const QString &device) { m_device = device; }

    // A code from the barcode scanner (or typed). The answer comes with
    // answered(); scans are answered in order.
    void scan(const QString &code);
    bool isBusy() const { return m_inFlight; }

    DoorCount count() const { return m_count; }
    int pendingUploads() const;
    QList<ScanOutcome> conflicts() const { return m_conflicts; }

    // Fetches the list again and uploads offline scans (also on reconnect).
    void refresh();

Q_SIGNALS:
    void answered(const DoorScanner::Answer &answer);
    void countChanged();
    void listLoaded(bool fromServer);
    // Uploaded offline scans that another door had admitted first.
    void conflictsFound(const QList<ScanOutcome> &conflicts);
    void problem(const QString &message);

private:
    void next();
    void answerOffline(const CheckInScan &scan);
    void upload();
    void fetchList();
    static QString seatText(const DoorTicket &ticket);

    ApiClient &m_api;
    Mirror &m_mirror;
    SyncEngine &m_sync;
    const Clock &m_clock;
    qint64 m_eventId = 0;
    QString m_device;
    DoorCount m_count;
    QList<QString> m_queue; // codes scanned while one was being answered
    bool m_inFlight = false;
    bool m_uploading = false;
    QList<ScanOutcome> m_conflicts;
    quint64 m_generation = 0;
};
