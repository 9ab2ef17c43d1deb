#pragma once

#include <QString>
#include <QStringList>

// How search sees text, the same when indexing and when querying: letters
// and digits only, lower case, accents folded (Zauberflöte → zauberflote,
// Straße → strasse), so that accents are optional for whoever types.
namespace SearchText {

QString fold(const QString &text);
// The folded words of a text, at most `limit` of them, each at most 64
// characters.
QStringList words(const QString &text, int limit = 1000);

} // namespace SearchText
