#pragma once

#include <QThread>
#include <QThreadPool>
#include <functional>

// Every thread the server uses is started before it accepts its first
// connection, and kept. Each thread Qt starts sets up an event dispatcher,
// which needs descriptors of its own and aborts the process when there are
// none: a thread started lazily during a flood of connections, with every
// descriptor taken, would bring the server down.

// Starts the thread and returns once it runs, its event dispatcher set up.
void startNow(QThread &thread);

// Starts every thread of the pool now and keeps them for the life of the
// process. onEachThread, if given, then runs once on each of them (opening
// its connections, say).
void startEveryThread(QThreadPool &pool, const std::function<void()> &onEachThread = {});
