#include "ScannerWindow.h"

#include "Clock.h"
#include "DoorScanner.h"
#include "EventTime.h"
#include "Mirror.h"
#include "Session.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSysInfo>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ScannerWindow::ScannerWindow(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_scanner(
          new DoorScanner(session.api(), session.mirror(), session.sync(), session.clock(), this))
    , m_events(new QComboBox(this))
    , m_door(new QLineEdit(QSysInfo::machineHostName(), this))
    , m_code(new QLineEdit(this))
    , m_answer(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_count(new QLabel(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"scannerWindow"_s);
    setWindowTitle(tr("Boxoffice — door · %1").arg(session.userName()));
    m_events->setObjectName(u"scanEvent"_s);
    m_door->setObjectName(u"scanDoor"_s);
    m_code->setObjectName(u"scanCode"_s);
    m_answer->setObjectName(u"scanAnswer"_s);
    m_detail->setObjectName(u"scanDetail"_s);
    m_count->setObjectName(u"scanCount"_s);
    m_status->setObjectName(u"scanStatus"_s);
    m_code->setPlaceholderText(tr("Scan a ticket, or type its code and press Enter"));
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 3.5);
    big.setBold(true);
    m_answer->setFont(big);
    QFont medium = font();
    medium.setPointSizeF(medium.pointSizeF() * 1.8);
    m_detail->setFont(medium);
    m_count->setFont(medium);
    QFont codeFont = font();
    codeFont.setPointSizeF(codeFont.pointSizeF() * 1.5);
    m_code->setFont(codeFont);
    for (QLabel *label : {m_answer, m_detail}) {
        label->setAlignment(Qt::AlignCenter);
        label->setWordWrap(true);
    }
    m_answer->setAutoFillBackground(true);
    m_answer->setMinimumHeight(160);
    m_answer->setAccessibleName(tr("Scan result"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Event:"), m_events);
    form->addRow(tr("&Door:"), m_door);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_code);
    layout->addWidget(m_answer, 1);
    layout->addWidget(m_detail);
    layout->addWidget(m_count);
    layout->addWidget(m_status);

    connect(m_code, &QLineEdit::returnPressed, this, [this] {
        const QString code = m_code->text();
        m_code->clear(); // ready for the next ticket at once
        m_scanner->scan(code);
    });
    connect(m_events, &QComboBox::currentIndexChanged, this,
            [this] { chooseEvent(m_events->currentData().toLongLong()); });
    connect(m_door, &QLineEdit::editingFinished, this,
            [this] { m_scanner->setDevice(m_door->text().trimmed()); });
    connect(m_scanner, &DoorScanner::answered, this, [this](const DoorScanner::Answer &answer) {
        showAnswer(answer.admitted,
                   answer.offline ? tr("%1 (offline)").arg(answer.headline) : answer.headline,
                   answer.detail);
        updateStatus();
    });
    connect(m_scanner, &DoorScanner::countChanged, this, &ScannerWindow::updateStatus);
    connect(m_scanner, &DoorScanner::listLoaded, this, &ScannerWindow::updateStatus);
    connect(m_scanner, &DoorScanner::conflictsFound, this, &ScannerWindow::updateStatus);
    connect(m_scanner, &DoorScanner::problem, this,
            [this](const QString &message) { m_status->setText(message); });
    connect(&session.sync(), &SyncEngine::onlineChanged, this, &ScannerWindow::updateStatus);
    connect(&session.mirror(), &Mirror::catalogChanged, this, &ScannerWindow::fillEvents);
    fillEvents();
    resize(720, 640);
    m_code->setFocus();
}

// Today's and the coming events, soonest first: the door's is near the top.
void ScannerWindow::fillEvents()
{
    const qint64 current = m_events->currentData().toLongLong();
    Mirror::Search search;
    search.from = m_session.clock().now().addDays(-1);
    search.limit = 500;
    const QList<Event> events = m_session.mirror().searchEvents(search);
    const QSignalBlocker quiet(m_events);
    m_events->clear();
    const QLocale locale;
    for (const Event &event : events)
        m_events->addItem(
            tr("%1 · %2 · %3")
                .arg(eventTimeText(event.startsAt, locale), event.name, event.venue.name),
            event.id);
    const int index = m_events->findData(current);
    m_events->setCurrentIndex(index >= 0 ? index : (events.isEmpty() ? -1 : 0));
    if (m_events->currentData().toLongLong() != m_scanner->eventId())
        chooseEvent(m_events->currentData().toLongLong());
}

void ScannerWindow::chooseEvent(qint64 eventId)
{
    if (eventId == 0)
        return;
    const int index = m_events->findData(eventId);
    if (index >= 0 && index != m_events->currentIndex()) {
        const QSignalBlocker quiet(m_events);
        m_events->setCurrentIndex(index);
    }
    m_scanner->setEvent(eventId, m_door->text().trimmed());
    showAnswer(true, QString(), QString());
    m_code->setFocus();
    updateStatus();
}

void ScannerWindow::showAnswer(bool admitted, const QString &headline, const QString &detail)
{
    QPalette palette = m_answer->palette();
    const bool blank = headline.isEmpty();
    palette.setColor(QPalette::Window, blank      ? palette.color(QPalette::Base)
                                       : admitted ? QColor(u"#2e7d32"_s)
                                                  : QColor(u"#c62828"_s));
    palette.setColor(QPalette::WindowText, blank ? palette.color(QPalette::Text) : Qt::white);
    m_answer->setPalette(palette);
    m_answer->setText(headline);
    m_detail->setText(detail);
    m_answer->setProperty("admitted", admitted);
    m_code->setFocus();
}

void ScannerWindow::updateStatus()
{
    const DoorCount count = m_scanner->count();
    m_count->setText(
        tr("%1 of %2 admitted")
            .arg(QLocale().toString(count.admitted), QLocale().toString(count.expected)));
    QStringList status;
    if (!m_session.sync().isOnline())
        status << tr("Offline: checking from this door's list.");
    if (const int pending = m_scanner->pendingUploads())
        status << tr("%n scan(s) to upload.", nullptr, pending);
    if (const int conflicts = int(m_scanner->conflicts().size()))
        status << tr("%n ticket(s) were let in here after another door admitted them.", nullptr,
                     conflicts);
    m_status->setText(status.join(u' '));
}
