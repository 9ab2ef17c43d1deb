#include "TillShift.h"

#include <QUrlQuery>

using namespace Qt::StringLiterals;

TillShift::TillShift(ApiClient &api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
}

void TillShift::refresh()
{
    m_api.get(u"/v1/shifts/current"_s, {}, this, [this](const ApiResult &result) {
        // Unreachable: what was known stays (the drawer did not change).
        if (!result.ok())
            return;
        const QJsonValue shift = result.body.value(u"shift"_s);
        m_known = true;
        if (shift.isObject())
            m_current = Shift::fromJson(shift.toObject());
        else
            m_current.reset();
        Q_EMIT changed();
    });
}

void TillShift::open(const ShiftOpening &opening, QObject *context, Done done)
{
    m_api.post(u"/v1/shifts"_s, opening.toJson(), context,
               [this, done = std::move(done)](const ApiResult &result) {
                   if (result.ok()) {
                       m_known = true;
                       m_current = Shift::fromJson(result.body);
                       Q_EMIT changed();
                   } else if (result.error == ErrorCode::ShiftOpen) {
                       refresh(); // this clerk's shift from elsewhere, maybe
                   }
                   done(result);
               });
}

void TillShift::close(const ShiftClosingRequest &request, QObject *context, Done done)
{
    if (!m_current) {
        ApiResult none;
        none.status = 409;
        none.error = ErrorCode::ShiftClosed;
        done(none);
        return;
    }
    m_api.post(u"/v1/shifts/%1/close"_s.arg(m_current->id), request.toJson(), context,
               [this, done = std::move(done)](const ApiResult &result) {
                   if (result.ok()) {
                       m_closing = Shift::fromJson(result.body);
                       m_current.reset();
                       Q_EMIT changed();
                   } else if (result.error == ErrorCode::ShiftClosed) {
                       m_current.reset(); // closed elsewhere (an admin)
                       Q_EMIT changed();
                   }
                   done(result);
               });
}

void TillShift::forget()
{
    m_known = false;
    m_current.reset();
    m_closing.reset();
    Q_EMIT changed();
}
