#pragma once

#include "BookingDesk.h"
#include "Catalog.h"
#include "ClientSettings.h"

#include <QMainWindow>

class BookingLookup;
class CatalogEditor;
class EventBrowser;
class HoldController;
class HoldCountdownLabel;
class PaymentPanel;
class ReportsWindow;
class QComboBox;
class QLabel;
class QMenu;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class SeatMapView;
class Session;
class StatusBanner;
class WaitingRoomPanel;

// The box-office counter (and, for a customer account, the same sale screen
// paying by card plus "my bookings"): events on the left, the live seat map in
// the middle, basket and till on the right; bookings in the second tab.
class CounterWindow : public QMainWindow
{
    Q_OBJECT
public:
    CounterWindow(Session &session, const ClientSettings &settings, QWidget *parent = nullptr);
    ~CounterWindow() override;

    void openEvent(qint64 eventId);
    qint64 currentEventId() const { return m_eventId; }
    HoldController &holds() { return *m_holds; }
    SeatMapView *seatMap() const { return m_seatMap; }
    EventBrowser *browser() const { return m_browser; }
    BookingLookup *lookup() const { return m_lookup; }
    WaitingRoomPanel *waitingRoomPanel() const { return m_queuePanel; }
    // The last sale, and where its tickets were saved.
    Booking lastBooking() const { return m_lastBooking; }
    QString lastTicketPdf() const { return m_lastPdf; }

    // The till's menu actions (clerks and admins).
    QAction *openShiftAction() const { return m_openShift; }
    QAction *closeShiftAction() const { return m_closeShift; }
    QLabel *shiftStatus() const { return m_shiftStatus; }

Q_SIGNALS:
    void signOutRequested();
    void settingsRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void setUpWidgets(bool staff);
    void layOut(bool staff);
    void addMenusAndShortcuts();
    // The operators' menu, made on first use (reports, the catalog).
    QMenu *addAdministrationMenu();
    void showReports();
    void showCatalogEditor();
    void connectSale();
    void connectHolds();
    void connectSync(bool staff);
    void connectWaitingRoom();
    void showSeatsOrQueue();
    void onSelectionChanged(const QList<qint64> &ticketIds);
    void onPay(const Payment &payment, const QString &customerName);
    void updatePayability();
    void reloadSeatMap();
    void newSale();
    void selectBest();
    void fillBestCategories(const Event &event);
    void setSaleMessage(const QString &message, bool error);
    // The till: the shift's state in the status bar, cash on or off.
    void updateShift();
    void openShift();
    void closeShift();

    Session &m_session;
    QLabel *m_shiftStatus = nullptr;
    QAction *m_openShift = nullptr;
    QAction *m_closeShift = nullptr;
    ClientSettings m_settings;
    HoldController *m_holds;
    StatusBanner *m_banner;
    QTabWidget *m_tabs;
    EventBrowser *m_browser;
    QLabel *m_eventTitle;
    SeatMapView *m_seatMap;
    WaitingRoomPanel *m_queuePanel;
    QStackedWidget *m_seatStack; // the seat map, or the waiting room before it
    QSpinBox *m_bestCount;
    QComboBox *m_bestCategory;
    QPushButton *m_bestButton;
    HoldCountdownLabel *m_countdown;
    QLabel *m_saleMessage;
    PaymentPanel *m_payment;
    QPushButton *m_printButton;
    QPushButton *m_newSaleButton;
    QPushButton *m_clearButton;
    BookingLookup *m_lookup;
    QMenu *m_administration = nullptr;
    ReportsWindow *m_reports = nullptr;
    CatalogEditor *m_catalogEditor = nullptr; // made when first opened (admins)
    qint64 m_eventId = 0;
    bool m_paying = false;
    QString m_holdProblem; // why the selection is not held, when a hold failed
    Booking m_lastBooking;
    QString m_lastPdf;
};
