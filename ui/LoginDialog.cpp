#include "LoginDialog.h"

#include "Session.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

LoginDialog::LoginDialog(Session &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_email(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_signIn(new QPushButton(tr("&Sign in"), this))
    , m_message(new QLabel(this))
{
    setWindowTitle(tr("Boxoffice — sign in"));
    m_email->setObjectName(u"emailField"_s);
    m_password->setObjectName(u"passwordField"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_signIn->setObjectName(u"signInButton"_s);
    m_signIn->setDefault(true);
    m_message->setObjectName(u"loginMessage"_s);
    m_message->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Server"), new QLabel(session.api().serverUrl().toDisplayString(), this));
    form->addRow(tr("&E-mail"), m_email);
    form->addRow(tr("&Password"), m_password);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_signIn, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(m_signIn, &QPushButton::clicked, this, &LoginDialog::signIn);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void LoginDialog::setEmail(const QString &email)
{
    m_email->setText(email);
    m_password->setFocus();
}

void LoginDialog::signIn()
{
    if (m_email->text().trimmed().isEmpty() || m_password->text().isEmpty()) {
        m_message->setText(tr("Enter your e-mail address and password."));
        return;
    }
    m_signIn->setEnabled(false);
    m_message->setText(tr("Signing in…"));
    m_session.login(m_email->text().trimmed(), m_password->text(), this,
                    [this](const ApiResult &result) {
                        m_signIn->setEnabled(true);
                        if (result.ok()) {
                            accept();
                            return;
                        }
                        // The password field keeps its text: nothing typed is lost.
                        m_message->setText(result.errorMessage);
                    });
}
