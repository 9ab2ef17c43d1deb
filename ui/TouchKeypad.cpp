#include "TouchKeypad.h"

#include <QApplication>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;

TouchKeypad::TouchKeypad(QLineEdit *target, const QString &enter, Keys keys, QWidget *parent)
    : QWidget(parent)
    , m_target(target)
{
    // Booking codes use letters and digits; a search needs a space too.
    static const QStringList rows = {u"1234567890"_s, u"QWERTYUIOP"_s, u"ASDFGHJKL"_s,
                                     u"ZXCVBNM"_s};
    auto *grid = new QGridLayout(this);
    grid->setSpacing(6);
    grid->setContentsMargins(0, 0, 0, 0);
    QFont keyFont = font();
    keyFont.setPointSizeF(std::max(16.0, keyFont.pointSizeF() * 1.6));
    const auto key = [&](const QString &label, const QString &name, int row, int column, int span,
                         int code, const QString &text) {
        auto *button = new QPushButton(label, this);
        button->setObjectName(name);
        button->setFont(keyFont);
        button->setMinimumSize(56, 56);      // a fingertip is about 9 mm
        button->setFocusPolicy(Qt::NoFocus); // the field keeps the cursor
        button->setAutoRepeat(code == Qt::Key_Backspace);
        grid->addWidget(button, row, column, 1, span);
        connect(button, &QPushButton::clicked, this, [this, code, text] { press(code, text); });
    };
    for (int r = 0; r < rows.size(); ++r) {
        // Each row a half key further right, as on a real keyboard.
        for (int c = 0; c < rows[r].size(); ++c) {
            const QString ch = rows[r].mid(c, 1);
            key(ch, u"key"_s + ch, r, c * 2 + r, 2, QKeySequence(ch)[0].key(), ch);
        }
    }
    // 21 columns: each key two wide, rows shifted by one.
    if (keys == Keys::WithSpace)
        key(tr("Space"), u"keySpace"_s, 4, 4, 8, Qt::Key_Space, u" "_s);
    key(tr("⌫ Delete"), u"keyBackspace"_s, 3, 17, 4, Qt::Key_Backspace, QString());
    if (!enter.isEmpty())
        key(enter, u"keyEnter"_s, 4, 14, 7, Qt::Key_Return, QString());
}

void TouchKeypad::press(int key, const QString &text)
{
    QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, text);
    QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier, text);
    QApplication::sendEvent(m_target, &press);
    QApplication::sendEvent(m_target, &release);
}
