#pragma once

#include <QList>
#include <QString>

// What a /v1/stream client asks for in a text message (docs/API.md,
// "Stream"): {"subscribe": [event ids]} or {"unsubscribe": [event ids]}.
// Decoding is apart from the hub so that it can be tested and fuzzed alone.
struct StreamMessage
{
    // Ids per message, and subscriptions per connection.
    static constexpr int MaxEventIds = 1000;

    bool subscribe = true;
    QList<qint64> eventIds; // positive, each once, in the order asked

    // Throws a DomainError: malformed_message for anything but the two
    // shapes above with positive integer ids, too_many_subscriptions for
    // more than MaxEventIds ids.
    static StreamMessage fromText(const QString &text);
};
