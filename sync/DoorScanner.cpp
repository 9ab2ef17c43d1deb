#include "DoorScanner.h"

#include "ApiClient.h"
#include "Clock.h"
#include "DomainError.h"
#include "Mirror.h"
#include "SyncEngine.h"
#include "WireJson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

DoorScanner::DoorScanner(ApiClient &api, Mirror &mirror, SyncEngine &sync, const Clock &clock,
                         QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_mirror(mirror)
    , m_sync(sync)
    , m_clock(clock)
{
    // Back online: hand over what was let in meanwhile, then the fresh list.
    connect(&m_sync, &SyncEngine::onlineChanged, this, [this](bool online) {
        if (online)
            refresh();
    });
}

void DoorScanner::setEvent(qint64 eventId, const QString &device)
{
    ++m_generation;
    m_eventId = eventId;
    m_device = device;
    m_queue.clear();
    m_count = m_mirror.doorCount(eventId);
    Q_EMIT countChanged();
    refresh();
}

void DoorScanner::refresh()
{
    if (m_eventId == 0)
        return;
    if (pendingUploads() > 0)
        upload(); // fetches the list when done
    else
        fetchList();
}

int DoorScanner::pendingUploads() const
{
    return m_eventId ? int(m_mirror.pendingDoorScans(m_eventId).size()) : 0;
}

void DoorScanner::fetchList()
{
    const quint64 generation = m_generation;
    const qint64 eventId = m_eventId;
    m_api.get(u"/v1/event/%1/checkins"_s.arg(eventId), {}, this,
              [this, generation, eventId](const ApiResult &result) {
                  if (generation != m_generation)
                      return;
                  if (!result.ok()) {
                      if (!result.unreachable())
                          Q_EMIT problem(result.errorMessage);
                      Q_EMIT listLoaded(false);
                      return;
                  }
                  if (m_mirror.storeDoorList(DoorList::fromJson(result.body))) {
                      m_count = m_mirror.doorCount(eventId);
                      Q_EMIT countChanged();
                  }
                  Q_EMIT listLoaded(true);
              });
}

void DoorScanner::scan(const QString &code)
{
    const QString secret = CheckInScan::normalizedSecret(code);
    if (secret.isEmpty() || m_eventId == 0)
        return;
    m_queue.append(secret);
    next();
}

void DoorScanner::next()
{
    if (m_inFlight || m_queue.isEmpty())
        return;
    CheckInScan scan;
    scan.secret = m_queue.takeFirst();
    scan.eventId = m_eventId;
    scan.device = m_device;
    if (scan.secret.size() > CheckInScan::MaxSecretLength) {
        Q_EMIT answered({false, false, tr("Not a ticket"),
                         tr("This code is too long to be one of our tickets."),
                         ErrorCode::NotFound});
        next();
        return;
    }
    // Without the stream the server is taken to be away: no waiting for a
    // request to time out while a queue forms at the door.
    if (!m_sync.isOnline()) {
        answerOffline(scan);
        next();
        return;
    }
    m_inFlight = true;
    const quint64 generation = m_generation;
    m_api.post(
        u"/v1/checkin"_s, scan.toJson(), this, [this, scan, generation](const ApiResult &result) {
            m_inFlight = false;
            if (generation != m_generation)
                return;
            if (result.ok()) {
                const CheckIn admitted = CheckIn::fromJson(result.body);
                m_mirror.markCheckedIn(m_eventId, admitted.ticket.secret,
                                       admitted.ticket.checkedInAt, m_device);
                m_count = admitted.count;
                Q_EMIT countChanged();
                Q_EMIT answered(
                    {true, false, tr("Admitted"), seatText(admitted.ticket), ErrorCode::Unknown});
            } else if (result.unreachable()) {
                answerOffline(scan);
            } else {
                const DomainError refused = DomainError::fromJson(result.body);
                const DoorTicket ticket =
                    DoorTicket::fromJson(refused.details().value(u"ticket"_s).toObject());
                QString headline = tr("Do not admit");
                QString detail = result.errorMessage;
                switch (result.error) {
                case ErrorCode::AlreadyCheckedIn: {
                    headline = tr("Already checked in");
                    const QDateTime at =
                        WireJson::dateTime(refused.details().value(u"checked_in_at"_s));
                    const QString door = refused.details().value(u"checked_in_by"_s).toString();
                    detail = (door.isEmpty()
                                  ? tr("Let in at %1.").arg(at.toLocalTime().toString(u"HH:mm"_s))
                                  : tr("Let in at %1 at %2.")
                                        .arg(at.toLocalTime().toString(u"HH:mm"_s), door)) +
                             u'\n' + seatText(ticket);
                    break;
                }
                case ErrorCode::TicketCancelled:
                    headline = tr("Cancelled ticket");
                    detail = seatText(ticket);
                    break;
                case ErrorCode::WrongEvent:
                    headline = tr("Other event");
                    detail = tr("This ticket is for %1.")
                                 .arg(refused.details().value(u"event_name"_s).toString());
                    break;
                case ErrorCode::NotFound:
                    headline = tr("Unknown ticket");
                    detail = tr("No ticket has this code. Send the holder to the box "
                                "office.");
                    break;
                default:
                    break;
                }
                Q_EMIT answered({false, false, headline, detail, result.error});
            }
            next();
        });
}

// From the door's own list: the server cannot be asked.
void DoorScanner::answerOffline(const CheckInScan &scan)
{
    if (!m_mirror.hasDoorList(m_eventId)) {
        Q_EMIT answered({false, true, tr("Cannot check"),
                         tr("Offline, and this door has no list of the event's tickets yet. "
                            "Connect once before doors open."),
                         ErrorCode::Network});
        return;
    }
    const std::optional<DoorTicket> ticket = m_mirror.doorTicket(m_eventId, scan.secret);
    if (!ticket) {
        Q_EMIT answered({false, true, tr("Unknown ticket"),
                         tr("Not on this event's list (offline): a ticket of another event, "
                            "cancelled, or sold after the list was fetched. Send the holder "
                            "to the box office."),
                         ErrorCode::NotFound});
        return;
    }
    if (ticket->isCheckedIn()) {
        Q_EMIT answered(
            {false, true, tr("Already checked in"),
             tr("Let in at %1.").arg(ticket->checkedInAt.toLocalTime().toString(u"HH:mm"_s)) +
                 u'\n' + seatText(*ticket),
             ErrorCode::AlreadyCheckedIn});
        return;
    }
    CheckInScan recorded = scan;
    recorded.scannedAt = m_clock.now().toUTC();
    if (!m_mirror.addDoorScan(recorded) ||
        !m_mirror.markCheckedIn(m_eventId, scan.secret, recorded.scannedAt, m_device)) {
        Q_EMIT answered({false, true, tr("Cannot record"),
                         tr("The scan could not be stored on this device; check the disk."),
                         ErrorCode::Unknown});
        return;
    }
    m_count = m_mirror.doorCount(m_eventId);
    Q_EMIT countChanged();
    Q_EMIT answered({true, true, tr("Admitted"), seatText(*ticket), ErrorCode::Unknown});
}

void DoorScanner::upload()
{
    if (m_uploading)
        return;
    const QList<Mirror::StoredScan> pending = m_mirror.pendingDoorScans(m_eventId);
    if (pending.isEmpty()) {
        fetchList();
        return;
    }
    QJsonArray scans;
    QList<qint64> ids;
    for (const Mirror::StoredScan &stored : pending) {
        scans.append(stored.scan.toJson());
        ids.append(stored.id);
    }
    m_uploading = true;
    const quint64 generation = m_generation;
    m_api.post(u"/v1/event/%1/checkins"_s.arg(m_eventId), {{u"scans"_s, scans}}, this,
               [this, ids, generation](const ApiResult &result) {
                   m_uploading = false;
                   if (generation != m_generation || !result.ok())
                       return; // kept; uploaded on the next reconnect
                   m_mirror.markDoorScansUploaded(ids);
                   QList<ScanOutcome> conflicts;
                   for (const QJsonValue &value : result.body.value(u"outcomes"_s).toArray()) {
                       const ScanOutcome outcome = ScanOutcome::fromJson(value.toObject());
                       if (outcome.conflict)
                           conflicts.append(outcome);
                   }
                   if (!conflicts.isEmpty()) {
                       m_conflicts += conflicts;
                       Q_EMIT conflictsFound(conflicts);
                   }
                   fetchList();
               });
}

QString DoorScanner::seatText(const DoorTicket &ticket)
{
    if (ticket.ticketId == 0)
        return {};
    QString text = tr("%1 · Row %2 · Seat %3").arg(ticket.section, ticket.row).arg(ticket.seat);
    if (!ticket.holder.isEmpty())
        text += u'\n' + ticket.holder;
    return text;
}
