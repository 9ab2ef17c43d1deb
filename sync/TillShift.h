#pragma once

#include "ApiClient.h"
#include "Till.h"

#include <QObject>
#include <functional>
#include <optional>

// The counter's till shift (docs/API.md, "Shifts and receipts"): whether the
// signed-in clerk has one open, opening it with the cash float, and closing
// it with the counted cash. Cash sales need an open shift; the counter asks
// this class, never the network, whether it may take cash. Every call is
// asynchronous; `changed` follows each answer.
class TillShift : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const ApiResult &)>;

    explicit TillShift(ApiClient &api, QObject *parent = nullptr);

    // Asks the server for the clerk's open shift (after signing in, and
    // after a sale or refund to update the figures).
    void refresh();
    void open(const ShiftOpening &opening, QObject *context, Done done);
    // Closes the open shift; on success closing() holds what was stored.
    void close(const ShiftClosingRequest &request, QObject *context, Done done);
    void forget();

    // Known once the server answered: whether a shift is open, and its
    // figures so far.
    bool isKnown() const { return m_known; }
    const std::optional<Shift> &current() const { return m_current; }
    bool isOpen() const { return m_current.has_value(); }
    // The last closing made from this device.
    const std::optional<Shift> &closing() const { return m_closing; }

Q_SIGNALS:
    void changed();

private:
    ApiClient &m_api;
    bool m_known = false;
    std::optional<Shift> m_current;
    std::optional<Shift> m_closing;
};
