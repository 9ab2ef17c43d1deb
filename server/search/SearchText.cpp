#include "SearchText.h"

namespace SearchText {

QString fold(const QString &text)
{
    QString folded;
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    folded.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue;
        if (c == u'ß')
            folded.append(u"ss");
        else
            folded.append(c.toLower());
    }
    return folded;
}

QStringList words(const QString &text, int limit)
{
    QStringList out;
    const QString folded = fold(text);
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty() && out.size() < limit)
            out.append(word.left(64));
        word.clear();
    };
    for (const QChar c : folded) {
        if (c.isLetterOrNumber())
            word.append(c);
        else
            flush();
    }
    flush();
    return out;
}

} // namespace SearchText
