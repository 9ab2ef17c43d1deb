#pragma once

#include "Reports.h"

#include <QWidget>

class QDateEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableWidget;
class Session;

// The operators' reports (Administration → Reports…): sales per event and
// day for a range of days, with the selected row's price categories and a
// totals line, and the tills' shift closings; each exported as the server's
// CSV. Loads asynchronously: the window never waits on the network.
class ReportsWindow : public QWidget
{
    Q_OBJECT
public:
    explicit ReportsWindow(Session &session, QWidget *parent = nullptr);

    void setPeriod(const QDate &from, const QDate &to);
    // Loads both reports of the chosen days.
    void refresh();
    bool isLoading() const { return m_pending > 0; }
    const SalesReport &sales() const { return m_sales; }
    const ShiftReport &shifts() const { return m_shifts; }
    // Where "Export CSV…" saves without asking (tests, a fixed folder).
    void setExportPath(const QString &path) { m_exportPath = path; }
    // Asks for a file name, then saves the server's CSV of the report on
    // the current tab.
    void exportCsv();

Q_SIGNALS:
    void loaded();
    void exported(const QString &path);
    void failed(const QString &message);

private:
    ReportPeriod period() const;
    void showSales();
    void showCategories();
    void showShifts();
    void setBusy(int change);
    void showError(const QString &message);

    Session &m_session;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QPushButton *m_show;
    QPushButton *m_export;
    QProgressBar *m_progress;
    QLabel *m_message;
    QTabWidget *m_tabs;
    QTableWidget *m_salesTable;
    QTableWidget *m_categoryTable;
    QLabel *m_totals;
    QLabel *m_vat;
    QTableWidget *m_shiftTable;
    QLabel *m_shiftTotals;
    SalesReport m_sales;
    ShiftReport m_shifts;
    QString m_exportPath;
    int m_pending = 0;
};
