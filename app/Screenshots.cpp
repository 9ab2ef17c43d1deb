#include "Screenshots.h"

#include "CounterWindow.h"
#include "EventBrowser.h"
#include "EventListModel.h"
#include "KioskWindow.h"
#include "Money.h"
#include "ScannerWindow.h"
#include "SeatMapView.h"
#include "Session.h"
#include "ShiftDialogs.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Screenshots {

void captureWhenReady(Session &session, QWidget *window, const QString &path,
                      const Staging &staging)
{
    const auto grab = [window, path] {
        const bool saved = window->grab().save(path);
        qInfo("boxoffice: screenshot %s %s", qPrintable(path), saved ? "saved" : "FAILED");
        QApplication::exit(saved ? 0 : 1);
    };
    // Each step waits a moment for the search, the seat map and the hold.
    const auto stage = [window, grab, staging, &session, path] {
        if (auto *desk = qobject_cast<CounterWindow *>(window); desk && staging.closeShift) {
            // The closing dialog, counted 50 cents short of what is expected.
            desk->closeShiftAction()->trigger();
            QTimer::singleShot(1500, desk, [desk, &session, path] {
                auto *dialog = desk->findChild<CloseShiftDialog *>();
                if (!dialog || !session.till().current()) {
                    QApplication::exit(1);
                    return;
                }
                const Cents counted = session.till().current()->expected - 50;
                dialog->findChild<QLineEdit *>(u"countedField"_s)
                    ->setText(QLocale().toString(counted / 100.0, 'f', 2));
                dialog->findChild<QPushButton *>(u"closeShiftButton"_s)->click();
                QTimer::singleShot(1500, dialog, [dialog, path] {
                    const bool saved = dialog->grab().save(path);
                    qInfo("boxoffice: screenshot %s %s", qPrintable(path),
                          saved ? "saved" : "FAILED");
                    QApplication::exit(saved ? 0 : 1);
                });
            });
        } else if (auto *door = qobject_cast<ScannerWindow *>(window)) {
            auto *events = door->findChild<QComboBox *>(u"scanEvent"_s);
            for (int i = 0; events && i < events->count(); ++i) {
                if (events->itemText(i).contains(staging.search, Qt::CaseInsensitive)) {
                    events->setCurrentIndex(i);
                    break;
                }
            }
            QTimer::singleShot(1500, door, [door, grab, code = staging.scan] {
                auto *input = door->findChild<QLineEdit *>(u"scanCode"_s);
                input->setText(code);
                Q_EMIT input->returnPressed();
                QTimer::singleShot(1500, door, grab);
            });
        } else if (auto *counter = qobject_cast<CounterWindow *>(window)) {
            // Room for the concert hall's balconies beside the basket and till.
            counter->resize(1440, 900);
            counter->browser()->searchField()->setText(staging.search);
            QTimer::singleShot(800, counter, [counter, grab] {
                QListView *list = counter->browser()->list();
                if (list->model()->rowCount() > 0)
                    list->setCurrentIndex(list->model()->index(0, 0));
                QTimer::singleShot(1500, counter, [counter, grab] {
                    counter->seatMap()->selectBestAvailable(4);
                    QTimer::singleShot(1500, counter, grab);
                });
            });
        } else if (auto *kiosk = qobject_cast<KioskWindow *>(window)) {
            if (auto *search = kiosk->findChild<QLineEdit *>(u"kioskSearch"_s))
                search->setText(staging.search);
            auto *shows = kiosk->findChild<QListWidget *>(u"showList"_s);
            if (shows && shows->count() > 0)
                shows->setCurrentRow(0);
            if (auto *choose = kiosk->findChild<QPushButton *>(u"chooseSeatsButton"_s))
                choose->click();
            QTimer::singleShot(1500, kiosk, [kiosk, grab, pay = staging.pay] {
                kiosk->seatMap()->selectBestAvailable(2);
                QTimer::singleShot(1500, kiosk, [kiosk, grab, pay] {
                    auto *next = kiosk->findChild<QPushButton *>(u"continueButton"_s);
                    if (pay && next)
                        next->click();
                    QTimer::singleShot(pay ? 800 : 0, kiosk, grab);
                });
            });
        }
    };
    if (session.sync().isSyncingCatalog() || session.mirror().eventCount() == 0)
        QObject::connect(&session.sync(), &SyncEngine::catalogSynced, window, stage,
                         Qt::SingleShotConnection);
    else
        QTimer::singleShot(500, window, stage);
    // Never hang a script.
    QTimer::singleShot(30000, window, [] { QApplication::exit(2); });
}

} // namespace Screenshots
