#pragma once

#include "ClientSettings.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

// Server URL, device name, kiosk idle time, printer, ticket folder, language.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(const ClientSettings &settings, QWidget *parent = nullptr);

    ClientSettings settings() const;

private:
    ClientSettings m_settings;
    QLineEdit *m_server;
    QLineEdit *m_device;
    QSpinBox *m_idle;
    QComboBox *m_printer;
    QLineEdit *m_ticketFolder;
    QComboBox *m_language;
};
