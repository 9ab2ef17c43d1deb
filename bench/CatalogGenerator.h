#pragma once

#include <QDateTime>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

// A realistic catalog for the search benchmark (issue 9): venues in German
// and other European cities, events over the next twelve months whose
// titles and performers are drawn from skewed (Zipf-like) frequencies —
// a few works, performers and words are everywhere, most are rare. The same
// seed gives the same catalog (only the first day moves with the date).
// Text is kept as UTF-8 std::string: a million events stay a few hundred MB.
class CatalogGenerator
{
public:
    struct Venue
    {
        qint64 id = 0;
        std::string name;
        std::string city;
        std::string kind; // venues.kind: cinema, theatre, concert_hall, arena
    };
    struct Person
    {
        std::string first;
        std::string last;
    };
    struct Event
    {
        qint64 id = 0;
        qint64 venueId = 0;
        std::string name;
        std::string performer;
        std::string category;
        std::string description;
        qint64 startsAt = 0; // seconds since the epoch, UTC
        int person = -1;     // index into persons() when a person performs or directs
    };

    CatalogGenerator(quint64 seed, QDateTime firstDay);
    void generate(qint64 events);

    const std::vector<Venue> &venues() const { return m_venues; }
    const std::vector<Event> &events() const { return m_events; }
    const std::vector<Person> &persons() const { return m_persons; }
    const Venue &venue(qint64 id) const { return m_venues.at(static_cast<size_t>(id - 1)); }
    size_t cityCount() const;
    size_t performerCount() const { return m_performerCount; }

    // Picks index i of n with weight 1 / (i + 1)^exponent.
    class Zipf
    {
    public:
        Zipf(size_t n, double exponent);
        size_t operator()(std::mt19937_64 &random) const;

    private:
        std::vector<double> m_cumulative;
    };

private:
    size_t pick(size_t n) { return static_cast<size_t>(m_random() % n); }
    bool chance(int percent) { return static_cast<int>(m_random() % 100) < percent; }
    void makeVenues();
    void makePerformers();
    std::string personName(size_t index) const;
    Event makeEvent(const Venue &venue);

    std::mt19937_64 m_random;
    QDateTime m_firstDay;
    std::vector<Venue> m_venues;
    std::vector<Event> m_events;
    std::vector<Person> m_persons;
    // Performer pools per kind of show, each drawn from with its own Zipf.
    std::vector<std::string> m_orchestras, m_ensembles, m_bands, m_companies;
    size_t m_performerCount = 0;
};
