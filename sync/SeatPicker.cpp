#include "SeatPicker.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>

namespace SeatPicker {

QRect extent(const QList<Ticket> &tickets)
{
    if (tickets.isEmpty())
        return {};
    int minX = std::numeric_limits<int>::max(), maxX = std::numeric_limits<int>::min();
    int minY = minX, maxY = maxX;
    for (const Ticket &ticket : tickets) {
        minX = std::min(minX, ticket.x);
        maxX = std::max(maxX, ticket.x);
        minY = std::min(minY, ticket.y);
        maxY = std::max(maxY, ticket.y);
    }
    return QRect(QPoint(minX, minY), QPoint(maxX, maxY));
}

QList<qint64> bestAvailable(const QList<Ticket> &tickets, int count, qint64 priceCategoryId)
{
    if (count <= 0 || tickets.isEmpty())
        return {};
    const QRect house = extent(tickets);
    const double centreX = house.left() + (house.width() - 1) / 2.0;
    // The best rows are about a third of the way back from the stage (y = min).
    const double idealY = house.top() + (house.height() - 1) / 3.0;

    // Rows are (section, row); seats in a row are adjacent when their seat
    // numbers follow each other.
    QHash<QString, QList<const Ticket *>> rows;
    for (const Ticket &ticket : tickets)
        rows[ticket.section + QChar(0x1f) + ticket.row].append(&ticket);

    double bestScore = std::numeric_limits<double>::max();
    QList<qint64> best;
    for (auto &row : rows) {
        std::sort(row.begin(), row.end(),
                  [](const Ticket *a, const Ticket *b) { return a->seat < b->seat; });
        for (qsizetype start = 0; start + count <= row.size(); ++start) {
            bool usable = true;
            double sumX = 0;
            for (qsizetype i = start; i < start + count && usable; ++i) {
                const Ticket *ticket = row[i];
                usable = ticket->isAvailable() &&
                         (priceCategoryId == 0 || ticket->priceCategoryId == priceCategoryId) &&
                         (i == start || ticket->seat == row[i - 1]->seat + 1);
                sumX += ticket->x;
            }
            if (!usable)
                continue;
            const double score =
                std::abs(sumX / count - centreX) + 1.5 * std::abs(row[start]->y - idealY);
            if (score < bestScore) {
                bestScore = score;
                best.clear();
                for (qsizetype i = start; i < start + count; ++i)
                    best.append(row[i]->id);
            }
        }
    }
    return best;
}

} // namespace SeatPicker
