#include "SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPrinterInfo>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SettingsDialog::SettingsDialog(const ClientSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_server(new QLineEdit(settings.serverUrl.toString(), this))
    , m_device(new QLineEdit(settings.deviceName, this))
    , m_idle(new QSpinBox(this))
    , m_printer(new QComboBox(this))
    , m_ticketFolder(new QLineEdit(settings.ticketPath(), this))
    , m_language(new QComboBox(this))
{
    setWindowTitle(tr("Settings"));
    m_idle->setRange(10, 3600);
    m_idle->setSuffix(tr(" s"));
    m_idle->setValue(settings.kioskIdleSeconds);
    m_printer->addItem(tr("Ask every time (counter) / PDF only (kiosk)"), QString());
    for (const QString &name : QPrinterInfo::availablePrinterNames())
        m_printer->addItem(name, name);
    m_printer->setCurrentIndex(std::max(0, m_printer->findData(settings.printerName)));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(u"English"_s, u"en"_s);
    m_language->addItem(u"Deutsch"_s, u"de"_s);
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language)));
    auto *form = new QFormLayout;
    form->addRow(tr("Server URL"), m_server);
    form->addRow(tr("Device name"), m_device);
    form->addRow(tr("Kiosk idle reset"), m_idle);
    form->addRow(tr("Printer"), m_printer);
    form->addRow(tr("Ticket PDF folder"), m_ticketFolder);
    form->addRow(tr("Language"), m_language);
    auto *note = new QLabel(tr("A new server or language takes effect at the next start."), this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

ClientSettings SettingsDialog::settings() const
{
    ClientSettings s = m_settings;
    const QUrl url = QUrl::fromUserInput(m_server->text().trimmed());
    if (url.isValid())
        s.serverUrl = url;
    s.deviceName = m_device->text().trimmed();
    s.kioskIdleSeconds = m_idle->value();
    s.printerName = m_printer->currentData().toString();
    s.ticketFolder = m_ticketFolder->text().trimmed();
    s.language = m_language->currentData().toString();
    return s;
}
