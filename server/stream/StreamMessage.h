#pragma once

#include <QList>
#include <QString>
#include <optional>

// What a /v1/stream client asks for in a text message (docs/API.md,
// "Stream"): {"subscribe": [event ids]} or {"unsubscribe": [event ids]},
// or a waiting room's place to follow: {"watch_queue": "<queue id>"} or
// {"unwatch_queue": "<queue id>"}, or the free seats of every event as they
// change: {"watch_availability": true|false}.
// Decoding is apart from the hub so that it can be tested and fuzzed alone.
struct StreamMessage
{
    // Ids per message, and subscriptions per connection.
    static constexpr int MaxEventIds = 1000;

    enum class Queue
    {
        None, // a message about events
        Watch,
        Unwatch,
    };

    bool subscribe = true;
    QList<qint64> eventIds; // positive, each once, in the order asked
    Queue queue = Queue::None;
    QString queueId; // a UUID, with Watch and Unwatch
    // Set by {"watch_availability": bool}: follow every event's free seats.
    std::optional<bool> watchAvailability;

    // Throws a DomainError: malformed_message for anything but the two
    // shapes above with positive integer ids (or a UUID for a place in a
    // queue), too_many_subscriptions for
    // more than MaxEventIds ids.
    static StreamMessage fromText(const QString &text);
};
