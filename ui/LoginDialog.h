#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class Session;

// Signs a clerk, a kiosk device or a customer in. The request runs in the
// background; the dialog stays responsive and says what went wrong.
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LoginDialog(Session &session, QWidget *parent = nullptr);

    void setEmail(const QString &email);

private:
    void signIn();

    Session &m_session;
    QLineEdit *m_email;
    QLineEdit *m_password;
    QPushButton *m_signIn;
    QLabel *m_message;
};
