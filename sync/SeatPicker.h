#pragma once

#include "Catalog.h"

#include <QList>
#include <QRect>

// "Best available N": the block of N adjacent available seats in one row that
// is closest to the centre of the house, a little forward of the middle row.
namespace SeatPicker {

// Ticket ids of the best block, left to right; empty when no row has N
// adjacent available seats. `priceCategoryId` 0 means any category.
// The layout's bounding box in seat coordinates (x, y of the first and last
// seats); empty without tickets.
QRect extent(const QList<Ticket> &tickets);

QList<qint64> bestAvailable(const QList<Ticket> &tickets, int count, qint64 priceCategoryId = 0);

} // namespace SeatPicker
