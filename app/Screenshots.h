#pragma once

#include <QString>

class QWidget;
class Session;

// For scripts/screenshots.sh: once the catalog is in, open the first event
// (of a search, if given), pick the best seats, wait for the hold, (on a
// kiosk, go on to the pay screen if asked), grab the window into a PNG and
// quit.
namespace Screenshots {
struct Staging
{
    QString search;   // words typed into the event search first
    bool pay = false; // kiosk: the pay screen, not the seat screen
};
void captureWhenReady(Session &session, QWidget *window, const QString &path,
                      const Staging &staging = {});
} // namespace Screenshots
