#pragma once

#include <QLabel>

class SyncEngine;

// The line at the top of every screen that says what the client can do right
// now: offline since when (and that selling needs the server), or catalog
// sync progress. Hidden when everything is normal.
class StatusBanner : public QLabel
{
    Q_OBJECT
public:
    explicit StatusBanner(SyncEngine &sync, QWidget *parent = nullptr);

    void refresh();
    // A problem the user must know about (e.g. the local copy cannot be written).
    void showProblem(const QString &message);

private:
    QString m_problem;
    SyncEngine &m_sync;
    int m_done = 0;
    int m_total = 0;
};
