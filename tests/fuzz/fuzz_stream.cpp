// What a /v1/stream client sends: one text message per input, decoded as
// StreamHub decodes it. Expected: a subscription request within the limits,
// or a DomainError of the stream's own codes. Anything else is a finding.
#include "DomainError.h"
#include "StreamMessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <cstdint>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

[[noreturn]] void finding(const char *what)
{
    qFatal("fuzz_stream: %s", what);
}

void check(const StreamMessage &message)
{
    if (message.eventIds.size() > StreamMessage::MaxEventIds)
        finding("more ids than a message may carry");
    QSet<qint64> seen;
    for (qint64 id : message.eventIds) {
        if (id <= 0 || id > 9'000'000'000'000'000)
            finding("an event id out of range");
        if (seen.contains(id))
            finding("an event id twice");
        seen.insert(id);
    }
    // What was decoded, sent again, decodes the same.
    QJsonArray ids;
    for (qint64 id : message.eventIds)
        ids.append(id);
    const QJsonObject again{{message.subscribe ? u"subscribe"_s : u"unsubscribe"_s, ids}};
    const StreamMessage twice = StreamMessage::fromText(
        QString::fromUtf8(QJsonDocument(again).toJson(QJsonDocument::Compact)));
    if (twice.subscribe != message.subscribe || twice.eventIds != message.eventIds)
        finding("a decoded message does not decode the same when sent again");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // QWebSocket hands text frames over as QString (UTF-8 checked); bytes
    // that are not UTF-8 arrive here as replacement characters.
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    try {
        check(StreamMessage::fromText(text));
    } catch (const DomainError &error) {
        if (error.code() != ErrorCode::MalformedMessage &&
            error.code() != ErrorCode::TooManySubscriptions)
            finding("a stream message refused with a code the stream does not use");
        if (error.message().isEmpty())
            finding("a refusal without a message");
    }
    return 0;
}
