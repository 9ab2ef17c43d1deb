#pragma once

#include <QString>
#include <QStringList>

// How search sees text, the same on the server (its index, when indexing
// and when querying) and in the client's offline mirror: letters and digits
// only, lower case, accents folded (Zauberflöte → zauberflote, Straße →
// strasse, Sørensen → sorensen), so that accents are optional for whoever
// types and both find the same events for the same words.
namespace SearchText {

QString fold(const QString &text);
// The folded words of a text, at most `limit` of them, each at most 64
// characters.
QStringList words(const QString &text, int limit = 1000);

} // namespace SearchText
