#pragma once

#include <QJsonObject>
#include <QList>

// The demo catalog: a three-screen cinema in Berlin, a concert hall in
// Hamburg and a theatre in Munich, with three weeks of shows from tomorrow,
// one import document (CatalogImporter) per venue. The venues, programmes
// and schedules are data (resources/demo/demo-catalog.json); the dates are
// made from today.
QList<QJsonObject> demoCatalog();
