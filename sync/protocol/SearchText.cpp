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
        // Letters Unicode does not split into a base letter and an accent.
        switch (c.toLower().unicode()) {
        case u'ß':
            folded.append(u"ss");
            break;
        case u'ø':
            folded.append(u'o');
            break;
        case u'æ':
            folded.append(u"ae");
            break;
        case u'œ':
            folded.append(u"oe");
            break;
        case u'ł':
            folded.append(u'l');
            break;
        case u'đ':
            folded.append(u'd');
            break;
        case u'þ':
            folded.append(u"th");
            break;
        default:
            folded.append(c.toLower());
        }
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
