#pragma once

#include <QString>

class QWidget;
class Session;

// For scripts/screenshots.sh: once the catalog is in, open the first event,
// pick the best seats, wait for the hold, grab the window into a PNG and quit.
namespace Screenshots {
void captureWhenReady(Session &session, QWidget *window, const QString &path);
}
