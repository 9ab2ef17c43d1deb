#pragma once

#include "ErrorCode.h"

#include <QCoreApplication>
#include <QString>

// What the client tells the user for an API error: its own words, in the
// user's language, for every code it knows (docs/API.md's table). The
// server's English text is only the fallback for a code this build does not
// know (a newer server, a gateway's error page).
class ErrorMessages
{
    Q_DECLARE_TR_FUNCTIONS(ErrorMessages)

public:
    static QString text(ErrorCode code, const QString &serverText);
};
