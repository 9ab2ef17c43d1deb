#pragma once

#include "Booking.h"
#include "Catalog.h"
#include "ClientSettings.h"

#include <QDeadlineTimer>
#include <QWidget>

#include <functional>

class HoldController;
class HoldCountdownLabel;
class QButtonGroup;
class QFrame;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QStackedWidget;
class QTimer;
class SeatMapView;
class Session;
class StatusBanner;
class TouchKeypad;

// The self-service kiosk: fullscreen, touch-sized, no window controls.
// Pick a show → seats (or best available N) → pay by card → tickets print.
// Idle for the configured time → a "Still there?" warning counts down, then
// back to the start, hold released. Closing needs the staff PIN.
class KioskWindow : public QWidget
{
    Q_OBJECT
public:
    enum class Page
    {
        Start,
        Seats,
        Pay,
        Done,
        Lookup
    };
    Q_ENUM(Page)

    // Asks for the staff PIN; tests script the answer.
    using PinPrompt = std::function<QString(QWidget *parent)>;

    KioskWindow(Session &session, const ClientSettings &settings, QWidget *parent = nullptr);
    ~KioskWindow() override;

    Page page() const;
    // The whole idle time, its last part (at most 15 s, at most half of it)
    // showing the "Still there?" countdown.
    void setIdleTimeout(int msecs);
    bool isWarningIdle() const;
    void setPinPrompt(PinPrompt prompt) { m_pinPrompt = std::move(prompt); }
    void setCardToken(const QString &token) { m_settings.kioskCardToken = token; }
    HoldController &holds() { return *m_holds; }
    SeatMapView *seatMap() const { return m_seatMap; }
    Booking lastBooking() const { return m_lastBooking; }
    QString lastTicketPdf() const { return m_lastPdf; }
    void resetToStart();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *buildStart();
    QWidget *buildSeats();
    QWidget *buildPay();
    QWidget *buildDone();
    QWidget *buildLookup();
    void showPage(Page page);
    void refreshShows();
    QString showText(const Event &event) const;
    void showItem(QListWidgetItem *item, const Event &event) const;
    void updateTotal();
    void warnIdle();
    void updateWarning();
    void stopIdleWarning();
    void showNotice(const QString &text);
    void chooseShow(qint64 eventId);
    void toPayment();
    void pay();
    // Saves (and prints) the tickets; the error, empty on success.
    QString printTickets(const Booking &booking);
    void setMessage(QLabel *label, const QString &text, bool error);
    void updateButtons();

    Session &m_session;
    ClientSettings m_settings;
    HoldController *m_holds;
    PinPrompt m_pinPrompt;
    QTimer *m_idleTimer;
    QTimer *m_warningTick;
    QDeadlineTimer m_warningDeadline;
    int m_warningMsecs = 15000;
    StatusBanner *m_banner;
    QFrame *m_stillThere = nullptr;
    QLabel *m_stillThereText = nullptr;
    QLabel *m_notice = nullptr;
    QTimer *m_noticeTimer = nullptr;
    QStackedWidget *m_pages;
    QLineEdit *m_search = nullptr;
    TouchKeypad *m_searchKeys = nullptr;
    QButtonGroup *m_days = nullptr;
    QListWidget *m_shows = nullptr;
    QLabel *m_startMessage = nullptr;
    QPushButton *m_buyButton = nullptr;
    QLabel *m_seatsTitle = nullptr;
    SeatMapView *m_seatMap = nullptr;
    HoldCountdownLabel *m_countdown = nullptr;
    QLabel *m_seatsMessage = nullptr;
    QLabel *m_seatsTotal = nullptr;
    QPushButton *m_continue = nullptr;
    QLabel *m_paySummary = nullptr;
    QLabel *m_paySeats = nullptr;
    QLabel *m_payTotal = nullptr;
    QLabel *m_payMessage = nullptr;
    QPushButton *m_payButton = nullptr;
    QPushButton *m_payBack = nullptr;
    QLabel *m_doneCode = nullptr;
    QLabel *m_doneMessage = nullptr;
    QLineEdit *m_codeField = nullptr;
    QLabel *m_lookupMessage = nullptr;
    QPushButton *m_reprint = nullptr;
    qint64 m_eventId = 0;
    Booking m_lastBooking;
    Booking m_foundBooking;
    QString m_lastPdf;
    bool m_closeAllowed = false;
    bool m_paying = false;
};
