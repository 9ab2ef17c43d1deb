#include "Screenshots.h"

#include "CounterWindow.h"
#include "EventBrowser.h"
#include "EventListModel.h"
#include "KioskWindow.h"
#include "SeatMapView.h"
#include "Session.h"

#include <QApplication>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
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
    const auto stage = [window, grab, staging] {
        if (auto *counter = qobject_cast<CounterWindow *>(window)) {
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
