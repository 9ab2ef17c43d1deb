#include "StatusBanner.h"

#include "SyncEngine.h"

#include <QLocale>

using namespace Qt::StringLiterals;

StatusBanner::StatusBanner(SyncEngine &sync, QWidget *parent)
    : QLabel(parent)
    , m_sync(sync)
{
    setObjectName(u"statusBanner"_s);
    setWordWrap(true);
    setMargin(6);
    connect(&sync, &SyncEngine::onlineChanged, this, &StatusBanner::refresh);
    connect(&sync, &SyncEngine::catalogProgress, this, [this](int done, int total) {
        m_done = done;
        m_total = total;
        refresh();
    });
    connect(&sync, &SyncEngine::catalogSynced, this, [this] {
        m_done = m_total = 0;
        refresh();
    });
    refresh();
}

void StatusBanner::showProblem(const QString &message)
{
    m_problem = message;
    refresh();
}

void StatusBanner::refresh()
{
    if (!m_problem.isEmpty()) {
        setText(m_problem);
        setStyleSheet(u"background: #fdecea; color: #611a15; font-weight: bold"_s);
        setVisible(true);
        return;
    }
    if (!m_sync.isOnline()) {
        const QString since =
            QLocale().toString(m_sync.offlineSince().toLocalTime(), QLocale::ShortFormat);
        setText(tr("Offline since %1 — showing saved data. Selling, holds and cancellations need "
                   "the server; reconnecting automatically.")
                    .arg(since));
        setStyleSheet(u"background: #fdecea; color: #611a15; font-weight: bold"_s);
        setVisible(true);
        return;
    }
    if (m_total > 0 && m_done < m_total) {
        setText(tr("Updating the catalog: %1 of %2 events…").arg(m_done).arg(m_total));
        setStyleSheet(u"background: #e8f4fd; color: #0d3c61"_s);
        setVisible(true);
        return;
    }
    setVisible(false);
}
