#pragma once

#include "Till.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class TillShift;

// Opening the till: which till, and the cash float counted into its drawer.
// The dialog stays open while the server answers, and says why if it
// refuses (another shift open, no connection).
class OpenShiftDialog : public QDialog
{
    Q_OBJECT
public:
    OpenShiftDialog(TillShift &till, const QString &tillName, QWidget *parent = nullptr);

private:
    void submit();

    TillShift &m_till;
    QLineEdit *m_tillName;
    QLineEdit *m_float;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
};

// Closing the till: the shift's figures, the cash counted, the difference
// as it is typed, then the closing as the server stored it, saved as a PDF
// in the ticket folder and printable.
class CloseShiftDialog : public QDialog
{
    Q_OBJECT
public:
    CloseShiftDialog(TillShift &till, const QString &folder, QWidget *parent = nullptr);

    // Where the closing's PDF was saved (empty until closed).
    QString pdfPath() const { return m_pdfPath; }

private:
    void showFigures(const Shift &shift);
    void updateDifference();
    void submit();
    void showClosing(const Shift &closing);

    TillShift &m_till;
    QString m_folder;
    QLabel *m_figures;
    QLineEdit *m_counted;
    QLineEdit *m_note;
    QLabel *m_difference;
    QLabel *m_message;
    QPushButton *m_close;
    QPushButton *m_print;
    QDialogButtonBox *m_buttons;
    QString m_pdfPath;
};
