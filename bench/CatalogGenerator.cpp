#include "CatalogGenerator.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace {

using Words = std::vector<std::string>;

// Cities, most populous (and so most events) first.
const Words cities = {
    "Berlin",    "Hamburg",   "München",    "Wien",       "Köln",       "Frankfurt am Main",
    "Zürich",    "Stuttgart", "Düsseldorf", "Leipzig",    "Dresden",    "Hannover",
    "Nürnberg",  "Bremen",    "Salzburg",   "Genève",     "Basel",      "Graz",
    "Bonn",      "Münster",   "Amsterdam",  "Praha",      "Kraków",     "København",
    "Bruxelles", "Luzern",    "Bern",       "Freiburg",   "Heidelberg", "Weimar",
    "Mannheim",  "Lübeck",    "Innsbruck",  "Strasbourg", "Bayreuth"};

// "Berliner Philharmoniker": the adjective of a German-speaking city.
std::string cityAdjective(const std::string &city)
{
    static const std::vector<std::pair<std::string, std::string>> special = {
        {"München", "Münchner"},
        {"Frankfurt am Main", "Frankfurter"},
        {"Zürich", "Zürcher"},
        {"Genève", "Genfer"},
        {"Praha", "Prager"},
        {"Kraków", "Krakauer"},
        {"København", "Kopenhagener"},
        {"Bruxelles", "Brüsseler"},
        {"Strasbourg", "Straßburger"},
        {"Luzern", "Luzerner"},
        {"Bern", "Berner"},
        {"Basel", "Basler"},
        {"Dresden", "Dresdner"},
        {"Bremen", "Bremer"},
        {"Weimar", "Weimarer"},
        {"Bayreuth", "Bayreuther"}};
    for (const auto &[name, adjective] : special) {
        if (name == city)
            return adjective;
    }
    return city + "er";
}

const Words concertHalls = {"Philharmonie",       "Konzerthaus", "Tonhalle",
                            "Musikhalle",         "Liederhalle", "Kulturpalast",
                            "Kammermusiksaal",    "Gewandhaus",  "Kulturhaus",
                            "Jazzclub Blue Note", "Stadtcasino", "Meistersingerhalle"};
const Words theatres = {"Staatsoper",    "Opernhaus",        "Stadttheater",      "Schauspielhaus",
                        "Kammerspiele",  "Volksbühne",       "Deutsches Theater", "Landestheater",
                        "Festspielhaus", "Komödie am Markt", "Theater am Hafen",  "Kulturhaus",
                        "Grand Théâtre", "Operettenhaus",    "Theater im Palais"};
const Words cinemas = {"Kino Babylon",
                       "Filmpalast",
                       "Astor Filmlounge",
                       "Lichtspielhaus",
                       "Programmkino Metropolis",
                       "Cinéma Odeon",
                       "Filmkunsttheater",
                       "Capitol",
                       "Kino im Kulturhaus",
                       "Zoo Palast",
                       "Delphi Lux",
                       "Schauburg",
                       "Atelier am Bollwerk",
                       "Kino Xenix"};
const Words arenas = {"Stadthalle",
                      "Arena",
                      "Festhalle",
                      "Messehalle",
                      "Sporthalle",
                      "Freilichtbühne",
                      "Open-Air-Gelände am See"};
const Words districts = {"Mitte", "am Ring", "Altstadt", "am Hafen", "Nord",
                         "Süd",   "am Park", "West",     "am Markt", "Ost"};

const Words firstNames = {
    "Anna",      "Lukas",      "Sophie",     "Jonas",   "Marie",     "Felix",    "Clara",
    "Paul",      "Lena",       "Maximilian", "Emma",    "Leon",      "Hannah",   "Elias",
    "Mia",       "Noah",       "Johanna",    "David",   "Katharina", "Jakob",    "Sarah",
    "Simon",     "Julia",      "Tobias",     "Jürgen",  "Günter",    "Jörg",     "Björn",
    "Søren",     "Zoë",        "Chloé",      "José",    "Élodie",    "François", "Lukáš",
    "Agnieszka", "Małgorzata", "Ingrid",     "Astrid",  "Matthias",  "Andreas",  "Christian",
    "Stefan",    "Michael",    "Thomas",     "Martin",  "Kristóf",   "Vojtěch",  "Isabelle",
    "Giulia",    "Lorenzo",    "Marco",      "Elena",   "Sofia",     "Mei",      "Yuki",
    "Hyun-woo",  "Amira",      "Leïla",      "Nikolaj", "Ilja",      "Olga",     "Tatjana",
    "Carmen",    "Pablo",      "Inés",       "Teresa",  "Franziska", "Ulrike",   "Gisela",
    "Renée",     "Ottó"};
const Words surnames = {
    "Müller",       "Schmidt",    "Schneider",  "Fischer",   "Weber",        "Meyer",
    "Wagner",       "Becker",     "Schulz",     "Hoffmann",  "Schäfer",      "Koch",
    "Bauer",        "Richter",    "Klein",      "Wolf",      "Schröder",     "Neumann",
    "Schwarz",      "Zimmermann", "Braun",      "Krüger",    "Hofmann",      "Hartmann",
    "Lange",        "Schmitt",    "Werner",     "Schmitz",   "Krause",       "Meier",
    "Lehmann",      "Schmid",     "Schulze",    "Maier",     "Köhler",       "Herrmann",
    "König",        "Walter",     "Mayer",      "Huber",     "Kaiser",       "Fuchs",
    "Peters",       "Lang",       "Scholz",     "Möller",    "Weiß",         "Jung",
    "Hahn",         "Vogel",      "Friedrich",  "Keller",    "Günther",      "Frank",
    "Berger",       "Winkler",    "Roth",       "Beck",      "Lorenz",       "Baumann",
    "Franke",       "Albrecht",   "Schuster",   "Ludwig",    "Böhm",         "Winter",
    "Kraus",        "Schumacher", "Krämer",     "Vogt",      "Stein",        "Jäger",
    "Sommer",       "Groß",       "Seidel",     "Heinrich",  "Brandt",       "Haas",
    "Schreiber",    "Graf",       "Dietrich",   "Ziegler",   "Kühn",         "Pohl",
    "Engel",        "Horn",       "Busch",      "Bergmann",  "Voigt",        "Sauer",
    "Arnold",       "Pfeiffer",   "Lindqvist",  "Sørensen",  "Andersson",    "Nielsen",
    "Dubois",       "Lefèvre",    "Moreau",     "Rossi",     "Bianchi",      "Ferrari",
    "García",       "Fernández",  "Álvarez",    "Novák",     "Dvořáková",    "Kowalski",
    "Nowak",        "Wiśniewski", "Jansen",     "de Vries",  "Horváth",      "Popescu",
    "Papadopoulos", "Yılmaz",     "Tanaka",     "Nakamura",  "Kim",          "Chen",
    "O'Brien",      "Murphy",     "Petrović",   "Ivanova",   "Sokolov",      "Halvorsen",
    "Eriksson",     "Virtanen",   "Costa",      "Silva",     "Hämäläinen",   "Østergaard",
    "Grünewald",    "Blumenthal", "Rosenberg",  "Adler",     "Falkenberg",   "Hirsch",
    "Lindemann",    "Achenbach",  "Thielemann", "Kirchner",  "Brückner",     "Oberländer",
    "Wendt",        "Reinholz",   "Quast",      "Zacharias", "Yiannopoulos", "Ekström",
    "Brønstad",     "Marchetti",  "Leclerc",    "Vasquez"};
const Words instruments = {"Klavier",  "Violine", "Violoncello", "Sopran", "Bariton", "Gitarre",
                           "Trompete", "Orgel",   "Mezzosopran", "Tenor",  "Flöte",   "Viola"};

// (composer, works), most performed first.
const std::vector<std::pair<std::string, Words>> composers = {
    {"Beethoven",
     {"Symphonie Nr. 5", "Symphonie Nr. 9", "Symphonie Nr. 7", "Klavierkonzert Nr. 5",
      "Violinkonzert D-Dur", "Symphonie Nr. 3 „Eroica“", "Symphonie Nr. 6 „Pastorale“",
      "Missa solemnis", "Klaviersonate „Mondschein“", "Streichquartett Nr. 14"}},
    {"Mozart",
     {"Eine kleine Nachtmusik", "Requiem", "Symphonie Nr. 40", "Symphonie Nr. 41 „Jupiter“",
      "Klavierkonzert Nr. 21", "Große Messe c-Moll", "Klarinettenkonzert"}},
    {"Bach",
     {"Weihnachtsoratorium", "Matthäus-Passion", "Johannes-Passion", "h-Moll-Messe",
      "Brandenburgische Konzerte", "Goldberg-Variationen", "Kunst der Fuge"}},
    {"Brahms",
     {"Ein deutsches Requiem", "Symphonie Nr. 1", "Symphonie Nr. 4", "Violinkonzert",
      "Klavierkonzert Nr. 2", "Ungarische Tänze"}},
    {"Mahler",
     {"Symphonie Nr. 2 „Auferstehung“", "Symphonie Nr. 5", "Das Lied von der Erde",
      "Symphonie Nr. 9", "Kindertotenlieder"}},
    {"Tschaikowsky",
     {"Klavierkonzert Nr. 1", "Symphonie Nr. 6 „Pathétique“", "Violinkonzert", "Ouvertüre 1812"}},
    {"Vivaldi", {"Die vier Jahreszeiten", "Gloria", "Concerti grossi"}},
    {"Schubert",
     {"Winterreise", "Die schöne Müllerin", "Symphonie Nr. 8 „Unvollendete“", "Forellenquintett",
      "Streichquintett C-Dur"}},
    {"Dvořák", {"Symphonie Nr. 9 „Aus der Neuen Welt“", "Cellokonzert h-Moll", "Stabat Mater"}},
    {"Händel", {"Messiah", "Wassermusik", "Feuerwerksmusik"}},
    {"Haydn", {"Die Schöpfung", "Die Jahreszeiten", "Symphonie Nr. 94 „mit dem Paukenschlag“"}},
    {"Bruckner", {"Symphonie Nr. 7", "Symphonie Nr. 8", "Symphonie Nr. 4 „Romantische“"}},
    {"Rachmaninow", {"Klavierkonzert Nr. 2", "Klavierkonzert Nr. 3", "Vespern"}},
    {"Schumann", {"Klavierkonzert a-Moll", "Dichterliebe", "Symphonie Nr. 3 „Rheinische“"}},
    {"Mendelssohn", {"Violinkonzert e-Moll", "Elias", "Symphonie Nr. 4 „Italienische“"}},
    {"Orff", {"Carmina Burana"}},
    {"Ravel", {"Boléro", "Daphnis et Chloé", "Klavierkonzert G-Dur"}},
    {"Strawinsky", {"Le Sacre du printemps", "Der Feuervogel", "Petruschka"}},
    {"Sibelius", {"Violinkonzert", "Symphonie Nr. 2", "Finlandia"}},
    {"Smetana", {"Die Moldau", "Mein Vaterland"}},
    {"Grieg", {"Peer Gynt Suite", "Klavierkonzert a-Moll"}},
    {"Schostakowitsch", {"Symphonie Nr. 5", "Symphonie Nr. 7 „Leningrader“", "Cellokonzert Nr. 1"}},
    {"Debussy", {"La Mer", "Prélude à l'après-midi d'un faune"}},
    {"Prokofjew", {"Peter und der Wolf", "Romeo und Julia Suite"}},
    {"Saint-Saëns", {"Karneval der Tiere", "Orgelsymphonie"}},
    {"Hildegard von Bingen", {"Ordo Virtutum"}},
    {"Pärt", {"Tabula rasa", "Fratres"}}};
const Words concertSeries = {"Sinfoniekonzert", "Neujahrskonzert",  "Kammerkonzert",
                             "Sommerkonzerte",  "Orgelkonzert",     "Weihnachtskonzert",
                             "Meisterkonzerte", "Familienkonzert",  "Abo-Konzert",
                             "Mittagskonzert",  "Silvesterkonzert", "Liederabend"};
const Words operas = {"Die Zauberflöte",
                      "La Traviata",
                      "Carmen",
                      "Tosca",
                      "La Bohème",
                      "Rigoletto",
                      "Aida",
                      "Don Giovanni",
                      "Le nozze di Figaro",
                      "Der Rosenkavalier",
                      "Madama Butterfly",
                      "Tannhäuser",
                      "Lohengrin",
                      "Der fliegende Holländer",
                      "Tristan und Isolde",
                      "Die Walküre",
                      "Das Rheingold",
                      "Götterdämmerung",
                      "Parsifal",
                      "Turandot",
                      "Fidelio",
                      "Hänsel und Gretel",
                      "Salome",
                      "Elektra",
                      "Otello",
                      "Nabucco",
                      "Eugen Onegin",
                      "Il barbiere di Siviglia",
                      "Così fan tutte",
                      "Der Freischütz",
                      "Die Fledermaus",
                      "Die lustige Witwe",
                      "Orpheus in der Unterwelt",
                      "Cavalleria rusticana",
                      "Norma",
                      "Lucia di Lammermoor",
                      "Wozzeck",
                      "Die Entführung aus dem Serail",
                      "Ariadne auf Naxos",
                      "Werther",
                      "Les Contes d'Hoffmann",
                      "Boris Godunow",
                      "Rusalka",
                      "Die Meistersinger von Nürnberg",
                      "Siegfried",
                      "Jenůfa",
                      "Der Vogelhändler",
                      "Gräfin Mariza"};
const Words plays = {"Faust",
                     "Nathan der Weise",
                     "Die Räuber",
                     "Kabale und Liebe",
                     "Woyzeck",
                     "Hamlet",
                     "Macbeth",
                     "Ein Sommernachtstraum",
                     "Romeo und Julia",
                     "König Lear",
                     "Der zerbrochne Krug",
                     "Maria Stuart",
                     "Wilhelm Tell",
                     "Die Dreigroschenoper",
                     "Mutter Courage und ihre Kinder",
                     "Der Besuch der alten Dame",
                     "Die Physiker",
                     "Warten auf Godot",
                     "Der Kirschgarten",
                     "Drei Schwestern",
                     "Die Möwe",
                     "Ein Volksfeind",
                     "Nora oder Ein Puppenheim",
                     "Hedda Gabler",
                     "Der Hauptmann von Köpenick",
                     "Jedermann",
                     "Biedermann und die Brandstifter",
                     "Andorra",
                     "Emilia Galotti",
                     "Minna von Barnhelm",
                     "Peer Gynt",
                     "Der Kaufmann von Venedig",
                     "Was ihr wollt",
                     "Der eingebildete Kranke",
                     "Cyrano de Bergerac",
                     "Leonce und Lena",
                     "Effi Briest"};
const Words ballets = {"Schwanensee",    "Der Nussknacker", "Dornröschen", "Giselle",
                       "Don Quixote",    "La Bayadère",     "Coppélia",    "Romeo und Julia",
                       "Der Feuervogel", "Boléro",          "Onegin",      "Cinderella"};
const Words musicals = {"Der König der Löwen",
                        "Das Phantom der Oper",
                        "Tanz der Vampire",
                        "Les Misérables",
                        "Mamma Mia!",
                        "Cats",
                        "Elisabeth",
                        "Wicked",
                        "Hamilton",
                        "Chicago",
                        "Cabaret",
                        "West Side Story",
                        "Starlight Express",
                        "Hair",
                        "Evita",
                        "Jesus Christ Superstar",
                        "Ku'damm 56",
                        "Tina",
                        "Moulin Rouge!",
                        "Miss Saigon",
                        "My Fair Lady",
                        "The Sound of Music",
                        "The Rocky Horror Show",
                        "Die Eiskönigin",
                        "Mozart!",
                        "Rebecca"};
const Words films = {"Oppenheimer",
                     "Dune: Teil Zwei",
                     "Anatomie eines Falls",
                     "Perfect Days",
                     "Poor Things",
                     "Past Lives",
                     "Das Lehrerzimmer",
                     "Im Westen nichts Neues",
                     "Der Himmel über Berlin",
                     "Metropolis",
                     "Das Boot",
                     "Lola rennt",
                     "Good Bye, Lenin!",
                     "Das Leben der Anderen",
                     "Toni Erdmann",
                     "Die fabelhafte Welt der Amélie",
                     "Casablanca",
                     "Der Pate",
                     "Vertigo",
                     "Psycho",
                     "Pulp Fiction",
                     "Inception",
                     "Interstellar",
                     "Barbie",
                     "Parasite",
                     "Nosferatu",
                     "M – Eine Stadt sucht einen Mörder",
                     "Das Cabinet des Dr. Caligari",
                     "Lawrence von Arabien",
                     "2001: Odyssee im Weltraum",
                     "Blade Runner",
                     "Der Herr der Ringe: Die Gefährten",
                     "Harry Potter und der Stein der Weisen",
                     "Titanic",
                     "Forrest Gump",
                     "Matrix",
                     "Fargo",
                     "Zurück in die Zukunft",
                     "Jurassic Park",
                     "Alles steht Kopf 2",
                     "Drive My Car",
                     "Roma",
                     "Sonnenallee",
                     "Das Wunder von Bern",
                     "Der Schuh des Manitu",
                     "Victoria",
                     "Systemsprenger",
                     "Die Blechtrommel",
                     "Fitzcarraldo",
                     "Aguirre, der Zorn Gottes",
                     "Paris, Texas",
                     "Le Mépris",
                     "À bout de souffle",
                     "Les Misérables",
                     "Amour",
                     "Das weiße Band",
                     "Der Untergang",
                     "Soul Kitchen",
                     "Gegen die Wand",
                     "Wings of Desire",
                     "Stalker",
                     "Solaris",
                     "Der dritte Mann",
                     "Sissi",
                     "Die Feuerzangenbowle",
                     "Heidi",
                     "Momo",
                     "Die unendliche Geschichte",
                     "Das Parfum",
                     "Babylon Berlin",
                     "Everything Everywhere All at Once",
                     "Killers of the Flower Moon",
                     "The Zone of Interest",
                     "Robot Dreams",
                     "Die Schule der magischen Tiere"};
const Words filmSuffixes = {"",
                            "",
                            "",
                            "",
                            " (OmU)",
                            " (OV)",
                            " in 3D",
                            " – Sneak Preview",
                            " (Director's Cut)",
                            " – restaurierte Fassung"};
const Words bandAdjectives = {
    "Blaue",    "Wilde",  "Leise",    "Elektrische", "Goldene", "Verlorene", "Neue",     "Kalte",
    "Schwarze", "Späte",  "Stille",   "Fliegende",   "Black",   "Silent",    "Electric", "Golden",
    "Midnight", "Velvet", "Northern", "Broken",      "Little",  "Wild",      "Crystal",  "Neon"};
const Words bandNouns = {"Stunde",   "Eulen",      "Lichter",   "Nachtfalter", "Wölfe",
                         "Füchse",   "Gespenster", "Raketen",   "Kometen",     "Wellen",
                         "Pilots",   "Rivers",     "Echoes",    "Horses",      "Ghosts",
                         "Kings",    "Sisters",    "Machines",  "Tigers",      "Birds",
                         "Lanterns", "Satellites", "Flamingos", "Dünen",       "Möwen",
                         "Söhne",    "Brüder",     "Monde",     "Sterne",      "Tauben"};
const Words tourWords = {"Sonnenwende", "Nachtflug",  "Herzschlag", "Fernweh",    "Horizont",
                         "Gegenwind",   "Lichtjahre", "Zeitlupe",   "Wildnis",    "Morgenrot",
                         "Echolot",     "Kopfkino",   "Flutlicht",  "Neuland",    "Sternstaub",
                         "Heimweh",     "Nordlicht",  "Endlos",     "Schwerelos", "Unterwegs",
                         "Anthems",     "Afterglow",  "Daydream",   "Wanderlust", "Gravity",
                         "Overdrive",   "Paradise",   "Homecoming", "Moonlight",  "Fireworks"};
const Words ensembleNouns = {"Quartett",       "Trio",         "Quintett",        "Ensemble",
                             "Consort",        "Kammerchor",   "Streichquartett", "Klaviertrio",
                             "Bläserquintett", "Vokalensemble"};
const Words kabarett = {"Lesung", "Kabarett", "Poetry Slam", "Comedy", "Zaubershow", "Varieté"};

const Words descriptionOpeners = {
    "Ein Abend mit %s.",
    "%s live in %c.",
    "Konzert mit %p in der %v.",
    "Das Orchester unter der Leitung von %p spielt %s.",
    "Die Inszenierung von %s – eine der schönsten Opern des Repertoires.",
    "%s, gespielt vom Ensemble der %v.",
    "Kino in %c: %s.",
    "Live-Konzert: %p auf Tour, mit neuen Songs und alten Hits.",
    "Symphonie und Orchester in Bestform: %s mit %p.",
    "Premiere in %c: %s in einer Neuinszenierung.",
    "Musik, die bewegt: %p in der %v, %c."};
const Words descriptionTails = {"",
                                "",
                                " Konzerte für die ganze Familie.",
                                " Mit Einführung 45 Minuten vor Beginn.",
                                " Live aus %c.",
                                " Restkarten an der Abendkasse.",
                                " In deutscher Sprache mit Übertiteln.",
                                " Eintritt ab 16 Jahren.",
                                " Ein unvergessliches Erlebnis für Klassikfreunde.",
                                " Originalfassung mit Untertiteln.",
                                " Das Konzert wird im Radio übertragen.",
                                " Symphonien und Lieder der Romantik.",
                                " Open Air bei jedem Wetter.",
                                " Barrierefreier Zugang, Induktionsschleife."};

std::string fill(std::string text, const std::string &s, const std::string &performer,
                 const std::string &venue, const std::string &city)
{
    const std::pair<const char *, const std::string *> keys[] = {
        {"%s", &s}, {"%p", &performer}, {"%v", &venue}, {"%c", &city}};
    for (const auto &[key, value] : keys) {
        for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at)) {
            text.replace(at, 2, *value);
            at += value->size();
        }
    }
    return text;
}

} // namespace

CatalogGenerator::Zipf::Zipf(size_t n, double exponent)
{
    m_cumulative.reserve(n);
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
        sum += 1.0 / std::pow(static_cast<double>(i + 1), exponent);
        m_cumulative.push_back(sum);
    }
}

size_t CatalogGenerator::Zipf::operator()(std::mt19937_64 &random) const
{
    // 53 random bits, portable (no std distribution: their output differs
    // between standard libraries, and the catalog must not).
    const double u = static_cast<double>(random() >> 11) * 0x1.0p-53 * m_cumulative.back();
    return static_cast<size_t>(std::upper_bound(m_cumulative.begin(), m_cumulative.end(), u) -
                               m_cumulative.begin());
}

CatalogGenerator::CatalogGenerator(quint64 seed, QDateTime firstDay)
    : m_random(seed)
    , m_firstDay(std::move(firstDay))
{
    makeVenues();
    makePerformers();
}

size_t CatalogGenerator::cityCount() const
{
    std::set<std::string> names;
    for (const Venue &v : m_venues)
        names.insert(v.city);
    return names.size();
}

void CatalogGenerator::makeVenues()
{
    std::set<std::pair<std::string, std::string>> taken;
    for (size_t c = 0; c < cities.size(); ++c) {
        const std::string &city = cities[c];
        // Big cities have more stages: 8 in Berlin down to 3.
        const size_t count = static_cast<size_t>(std::max(3, 8 - static_cast<int>(c) / 3));
        for (size_t i = 0; i < count; ++i) {
            Venue venue;
            const int kind = static_cast<int>(i % 4);
            const Words &names = kind == 0   ? concertHalls
                                 : kind == 1 ? theatres
                                 : kind == 2 ? cinemas
                                             : arenas;
            venue.kind = kind == 0   ? "concert_hall"
                         : kind == 1 ? "theatre"
                         : kind == 2 ? "cinema"
                                     : "arena";
            venue.city = city;
            venue.name = names[pick(names.size())];
            if (chance(30))
                venue.name += " " + city;
            while (!taken.insert({venue.name, city}).second)
                venue.name += " " + districts[pick(districts.size())];
            venue.id = static_cast<qint64>(m_venues.size()) + 1;
            m_venues.push_back(std::move(venue));
        }
    }
}

void CatalogGenerator::makePerformers()
{
    // Persons: about 2,500 distinct first-name + surname combinations.
    std::set<std::pair<size_t, size_t>> seen;
    while (m_persons.size() < 2500) {
        const size_t first = pick(firstNames.size()), last = pick(surnames.size());
        if (seen.insert({first, last}).second)
            m_persons.push_back({firstNames[first], surnames[last]});
    }
    for (const std::string &city : cities) {
        const std::string adjective = cityAdjective(city);
        m_orchestras.push_back(adjective + " Philharmoniker");
        m_orchestras.push_back(adjective + " Symphoniker");
        m_orchestras.push_back("Staatskapelle " + city);
        m_orchestras.push_back("Kammerorchester " + city);
        m_orchestras.push_back("Sinfonieorchester " + city);
        m_companies.push_back("Ensemble der Oper " + city);
        m_companies.push_back("Schauspiel " + city);
        m_companies.push_back("Ballett " + city);
    }
    m_orchestras.push_back("Gewandhausorchester Leipzig");
    m_orchestras.push_back("Mahler Chamber Orchestra");
    m_orchestras.push_back("Concerto Köln");
    m_orchestras.push_back("Ensemble Modern");
    m_orchestras.push_back("Thomanerchor Leipzig");
    std::shuffle(m_orchestras.begin(), m_orchestras.end(), m_random);
    std::shuffle(m_companies.begin(), m_companies.end(), m_random);
    // Ensembles named after a person: "Lindqvist Quartett", "Trio Müller".
    std::set<std::string> names;
    while (m_ensembles.size() < 400) {
        const std::string &surname = surnames[pick(surnames.size())];
        const std::string &noun = ensembleNouns[pick(ensembleNouns.size())];
        std::string name = chance(50) ? surname + " " + noun : noun + " " + surname;
        if (names.insert(name).second)
            m_ensembles.push_back(std::move(name));
    }
    while (m_bands.size() < 500) {
        std::string name =
            bandAdjectives[pick(bandAdjectives.size())] + " " + bandNouns[pick(bandNouns.size())];
        if (chance(30))
            name = (chance(50) ? "Die " : "The ") + name;
        if (names.insert(name).second)
            m_bands.push_back(std::move(name));
    }
    m_performerCount = m_persons.size() + m_orchestras.size() + m_ensembles.size() +
                       m_bands.size() + m_companies.size();
}

std::string CatalogGenerator::personName(size_t index) const
{
    return m_persons[index].first + " " + m_persons[index].last;
}

CatalogGenerator::Event CatalogGenerator::makeEvent(const Venue &venue)
{
    // Every list is drawn from with its own Zipf: the first entries are
    // everywhere, the tail is rare.
    static const Zipf composerZipf(composers.size(), 1.1), operaZipf(operas.size(), 1.0),
        playZipf(plays.size(), 1.0), balletZipf(ballets.size(), 1.0),
        musicalZipf(musicals.size(), 1.0), filmZipf(films.size(), 0.9),
        seriesZipf(concertSeries.size(), 1.0), personZipf(2500, 1.05), orchestraZipf(180, 1.0),
        ensembleZipf(400, 1.05), bandZipf(500, 1.1), companyZipf(105, 0.8),
        tourZipf(tourWords.size(), 0.8), instrumentZipf(instruments.size(), 1.0);
    Event event;
    event.venueId = venue.id;
    std::string work; // what the description talks about
    const int roll = static_cast<int>(pick(100));
    if (venue.kind == "concert_hall" || (venue.kind == "arena" && roll < 15)) {
        if (roll < 12) {
            const size_t p = personZipf(m_random) % m_persons.size();
            const std::string &ensemble = m_ensembles[ensembleZipf(m_random) % m_ensembles.size()];
            event.category = roll < 6 ? "Jazz" : "Kammermusik";
            event.name = roll < 6 ? personName(p) + " " + ensembleNouns[pick(3)]
                                  : ensemble + " spielt " + composers[composerZipf(m_random)].first;
            event.performer = roll < 6 ? personName(p) : ensemble;
            event.person = roll < 6 ? static_cast<int>(p) : -1;
            work = event.name;
        } else {
            const auto &[composer, works] = composers[composerZipf(m_random)];
            work = works[Zipf(works.size(), 1.0)(m_random)];
            event.name = composer + ": " + work;
            if (chance(15))
                event.name = concertSeries[seriesZipf(m_random)] + " – " + event.name;
            event.category = "Konzert";
            const std::string &orchestra =
                m_orchestras[orchestraZipf(m_random) % m_orchestras.size()];
            const size_t p = personZipf(m_random) % m_persons.size();
            event.person = static_cast<int>(p);
            const int shape = static_cast<int>(pick(3));
            event.performer =
                shape == 0   ? orchestra + ", " + personName(p)
                : shape == 1 ? personName(p) + " (" + instruments[instrumentZipf(m_random)] + ")"
                             : orchestra + ", Dirigent: " + personName(p);
        }
    } else if (venue.kind == "theatre") {
        const std::string &company = m_companies[companyZipf(m_random) % m_companies.size()];
        event.performer = company;
        if (roll < 35) {
            event.name = operas[operaZipf(m_random)];
            event.category = event.name == "Die Fledermaus" || event.name == "Die lustige Witwe" ||
                                     event.name == "Der Vogelhändler" ||
                                     event.name == "Gräfin Mariza"
                                 ? "Operette"
                                 : "Oper";
            const size_t p = personZipf(m_random) % m_persons.size();
            event.person = static_cast<int>(p);
            event.performer = company + ", Dirigent: " + personName(p);
        } else if (roll < 70) {
            event.name = plays[playZipf(m_random)];
            event.category = "Theater";
        } else if (roll < 80) {
            event.name = ballets[balletZipf(m_random)];
            event.category = "Ballett";
        } else if (roll < 90) {
            event.name = musicals[musicalZipf(m_random)];
            event.category = "Musical";
        } else {
            const size_t p = personZipf(m_random) % m_persons.size();
            event.person = static_cast<int>(p);
            event.category = kabarett[pick(kabarett.size())];
            event.name = event.category + ": " + personName(p);
            event.performer = personName(p);
        }
        work = event.name;
    } else if (venue.kind == "cinema") {
        work = films[filmZipf(m_random)];
        event.name = work + filmSuffixes[pick(filmSuffixes.size())];
        event.category = "Kino";
        const size_t p = personZipf(m_random) % m_persons.size();
        event.person = static_cast<int>(p);
        event.performer = "Regie: " + personName(p);
    } else { // arena
        if (roll < 35) {
            event.name = musicals[musicalZipf(m_random)];
            event.category = "Musical";
            event.performer = "Tournee-Ensemble " + event.name;
        } else {
            const std::string &band = m_bands[bandZipf(m_random) % m_bands.size()];
            event.name = band + " – " + tourWords[tourZipf(m_random)] + " Tour";
            if (chance(20))
                event.name = band + " live in " + venue.city;
            event.category = roll < 70 ? "Rock" : "Pop";
            event.performer = band;
        }
        work = event.name;
    }
    std::string description = fill(descriptionOpeners[pick(descriptionOpeners.size())], work,
                                   event.performer, venue.name, venue.city);
    description += fill(descriptionTails[pick(descriptionTails.size())], work, event.performer,
                        venue.name, venue.city);
    event.description = std::move(description);
    // Over the next twelve months, at the usual curtain times.
    static const int minutes[] = {15 * 60, 18 * 60,      19 * 60, 19 * 60 + 30,
                                  20 * 60, 20 * 60 + 15, 21 * 60, 22 * 60 + 30};
    event.startsAt = m_firstDay.toSecsSinceEpoch() + static_cast<qint64>(pick(365)) * 86400 +
                     minutes[pick(std::size(minutes))] * 60;
    return event;
}

void CatalogGenerator::generate(qint64 events)
{
    // Big cities' stages play more: venues are listed biggest city first.
    const Zipf venueZipf(m_venues.size(), 0.7);
    m_events.reserve(static_cast<size_t>(events));
    for (qint64 i = 0; i < events; ++i) {
        Event event = makeEvent(m_venues[venueZipf(m_random)]);
        event.id = i + 1;
        m_events.push_back(std::move(event));
    }
}
