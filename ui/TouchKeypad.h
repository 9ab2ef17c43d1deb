#pragma once

#include <QWidget>

class QLineEdit;

// An on-screen keyboard of letters and digits for a touch kiosk without a
// keyboard: each key types into its line edit, as a real key would, so the
// field's validation, max length and returnPressed work as typed.
class TouchKeypad : public QWidget
{
    Q_OBJECT
public:
    enum class Keys
    {
        WithSpace, // words: a search
        NoSpace,   // codes: a booking code has none
    };
    // `enter` names the key that submits (empty: no such key).
    TouchKeypad(QLineEdit *target, const QString &enter, Keys keys, QWidget *parent = nullptr);

private:
    void press(int key, const QString &text);

    QLineEdit *m_target;
};
