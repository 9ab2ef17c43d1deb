// English and German: every string of the client is translated into German,
// the German catalogue is built into the program, and widgets use it.
#include "BookingLookup.h"
#include "ErrorMessages.h"
#include "PaymentPanel.h"

#include <QDomDocument>
#include <QFile>
#include <QPushButton>
#include <QRegularExpression>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyGermanStringIsTranslated();
    void germanCatalogueIsBuiltIn();
    void widgetsSpeakGermanWhenAsked();
    void englishPluralsAreReal();
    void bookingStatusesInWords();
    void errorCodesInOwnWords();
};

void TestTranslations::everyGermanStringIsTranslated()
{
    QFile file(QStringLiteral(BOXOFFICE_SOURCE_DIR "/translations/boxoffice_de.ts"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QDomDocument ts;
    QVERIFY(ts.setContent(&file));
    const QDomNodeList messages = ts.elementsByTagName(u"message"_s);
    QVERIFY(messages.size() > 150);
    static const QRegularExpression placeholder(u"%(\\d+|n)"_s);
    for (int i = 0; i < messages.size(); ++i) {
        const QDomElement message = messages.at(i).toElement();
        const QString source = message.firstChildElement(u"source"_s).text();
        const QDomElement translation = message.firstChildElement(u"translation"_s);
        QVERIFY2(translation.attribute(u"type"_s).isEmpty(),
                 qPrintable(u"unfinished: "_s + source));
        QStringList forms;
        for (QDomElement form = translation.firstChildElement(u"numerusform"_s); !form.isNull();
             form = form.nextSiblingElement(u"numerusform"_s))
            forms.append(form.text());
        if (forms.isEmpty())
            forms.append(translation.text());
        for (const QString &form : forms) {
            QVERIFY2(!form.isEmpty(), qPrintable(u"empty: "_s + source));
            // A lost %1 would drop data from the message.
            for (auto it = placeholder.globalMatch(source); it.hasNext();) {
                const QString token = it.next().captured();
                if (token != u"%n"_s)
                    QVERIFY2(form.contains(token), qPrintable(source + u" → "_s + form));
            }
        }
    }
}

void TestTranslations::germanCatalogueIsBuiltIn()
{
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::German, QLocale::Germany), u"boxoffice"_s, u"_"_s,
                            u":/i18n"_s));
    QCOMPARE(translator.translate("StatusBanner", "Updating the catalog: %1 of %2 events…"),
             u"Katalog wird aktualisiert: %1 von %2 Veranstaltungen…"_s);
    QVERIFY(!translator.translate("PaymentPanel", "&Pay").isEmpty());
    QVERIFY(translator.translate("PaymentPanel", "&Pay") != u"&Pay"_s);
}

void TestTranslations::widgetsSpeakGermanWhenAsked()
{
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::German), u"boxoffice"_s, u"_"_s, u":/i18n"_s));
    QCoreApplication::installTranslator(&translator);
    PaymentPanel panel;
    const QString german = panel.findChild<QPushButton *>(u"payButton"_s)->text();
    QCoreApplication::removeTranslator(&translator);
    PaymentPanel english;
    QCOMPARE(english.findChild<QPushButton *>(u"payButton"_s)->text(), u"&Pay"_s);
    QCOMPARE(german, translator.translate("PaymentPanel", "&Pay"));
    QVERIFY(german != u"&Pay"_s);
}

void TestTranslations::englishPluralsAreReal()
{
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::English), u"boxoffice"_s, u"_"_s, u":/i18n"_s));
    QCoreApplication::installTranslator(&translator);
    const QString one = QCoreApplication::translate("EventBrowser", "%n event(s)", nullptr, 1);
    const QString many = QCoreApplication::translate("EventBrowser", "%n event(s)", nullptr, 97);
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(one, u"1 event"_s);
    QCOMPARE(many, u"97 events"_s);
}

void TestTranslations::bookingStatusesInWords()
{
    // The lookup shows no API spelling ("partially_cancelled"), in either language.
    QCOMPARE(BookingLookup::statusText(u"partially_cancelled"_s), u"partly cancelled"_s);
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::German), u"boxoffice"_s, u"_"_s, u":/i18n"_s));
    QCoreApplication::installTranslator(&translator);
    const QString partly = BookingLookup::statusText(u"partially_cancelled"_s);
    const QString confirmed = BookingLookup::statusText(u"confirmed"_s);
    const QString cancelled = BookingLookup::statusText(u"cancelled"_s);
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(partly, u"teilweise storniert"_s);
    QCOMPARE(confirmed, u"bestätigt"_s);
    QCOMPARE(cancelled, u"storniert"_s);
}

void TestTranslations::errorCodesInOwnWords()
{
    // Every code the API documents gets the client's words, in German too;
    // the server's English text only stands in for a code unknown here.
    const QString server = u"Some English text from the server."_s;
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::German), u"boxoffice"_s, u"_"_s, u":/i18n"_s));
    for (int i = int(ErrorCode::MalformedRequest); i <= int(ErrorCode::ServerBusy); ++i) {
        const auto code = ErrorCode(i);
        const QString english = ErrorMessages::text(code, server);
        QCoreApplication::installTranslator(&translator);
        const QString german = ErrorMessages::text(code, server);
        QCoreApplication::removeTranslator(&translator);
        const QByteArray name = Protocol::toString(code);
        QVERIFY2(!english.isEmpty() && english != server, name.constData());
        QVERIFY2(!german.isEmpty() && german != english, name.constData());
    }
    QCOMPARE(ErrorMessages::text(ErrorCode::Unknown, server), server);
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
