#pragma once

#include <QString>

class QWidget;
class Session;

// For scripts/screenshots.sh: once the catalog is in, open the first event
// (of a search, if given), pick the best seats, wait for the hold, (on a
// kiosk, go on to the pay screen if asked), grab the window into a PNG and
// quit. A door (scanner) picks the event named by the search and scans a
// code; a counter can instead close its till's shift and grab the closing.
namespace Screenshots {
struct Staging
{
    QString search;          // words typed into the event search first
    bool pay = false;        // kiosk: the pay screen, not the seat screen
    QString scan;            // door: the ticket code scanned
    bool closeShift = false; // counter: the till's closing, 50 cents short
};
void captureWhenReady(Session &session, QWidget *window, const QString &path,
                      const Staging &staging = {});
} // namespace Screenshots
