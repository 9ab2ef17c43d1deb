-- Boxoffice schema, version 1.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE (its dictionary could change); we pin the
-- dictionary so the function can back indexes.
CREATE FUNCTION bo_normalize(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         text NOT NULL,
    name          text NOT NULL,
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('customer', 'clerk', 'kiosk', 'admin')),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Tokens are stored only as their SHA-256.
CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Failed logins per e-mail address, in a sliding window (429 when exceeded).
CREATE TABLE login_failures (
    email        text PRIMARY KEY,
    failures     int NOT NULL,
    window_start timestamptz NOT NULL
);

CREATE TABLE venues (
    id      bigserial PRIMARY KEY,
    name    text NOT NULL,
    city    text NOT NULL,
    address text NOT NULL DEFAULT '',
    kind    text NOT NULL DEFAULT 'theatre'
            CHECK (kind IN ('cinema', 'theatre', 'concert_hall', 'arena')),
    UNIQUE (name, city)
);

CREATE TABLE seats (
    id         bigserial PRIMARY KEY,
    venue_id   bigint NOT NULL REFERENCES venues ON DELETE CASCADE,
    section    text NOT NULL,
    row        text NOT NULL,
    number     int NOT NULL,
    x          int NOT NULL,
    y          int NOT NULL,
    accessible boolean NOT NULL DEFAULT false,
    UNIQUE (venue_id, section, row, number)
);

CREATE TABLE events (
    id              bigserial PRIMARY KEY,
    venue_id        bigint NOT NULL REFERENCES venues,
    name            text NOT NULL,
    description     text NOT NULL DEFAULT '',
    performer       text NOT NULL DEFAULT '',
    category        text NOT NULL DEFAULT '',
    starts_at       timestamptz NOT NULL,
    -- Bumped once per batch of ticket changes, in commit order (see
    -- TicketLedger::publish); the stream and ?since= are ordered by it.
    version         bigint NOT NULL DEFAULT 0,
    -- Tickets whose status is 'available', as of the last published version.
    available       int NOT NULL DEFAULT 0,
    search_document tsvector NOT NULL DEFAULT ''::tsvector,
    search_text     text NOT NULL DEFAULT ''
);
CREATE INDEX events_search_document_idx ON events USING gin (search_document);
CREATE INDEX events_search_text_idx ON events USING gin (search_text gin_trgm_ops);
CREATE INDEX events_starts_at_idx ON events (starts_at);
CREATE INDEX events_venue_idx ON events (venue_id, starts_at);

-- The search index lives in the same row and the same transaction as the
-- data: nothing can drift.
CREATE FUNCTION events_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v venues%ROWTYPE;
BEGIN
    SELECT * INTO v FROM venues WHERE id = NEW.venue_id;
    NEW.search_document :=
        setweight(to_tsvector('simple', bo_normalize(NEW.name)), 'A') ||
        setweight(to_tsvector('simple', bo_normalize(NEW.performer)), 'A') ||
        setweight(to_tsvector('simple', bo_normalize(NEW.category || ' ' || v.name || ' ' || v.city)), 'B') ||
        setweight(to_tsvector('simple', bo_normalize(NEW.description)), 'C');
    NEW.search_text := bo_normalize(NEW.name || ' ' || NEW.performer || ' ' || v.name || ' ' || v.city);
    RETURN NEW;
END $$;
CREATE TRIGGER events_search_refresh
    BEFORE INSERT OR UPDATE OF name, performer, category, description, venue_id ON events
    FOR EACH ROW EXECUTE FUNCTION events_search_refresh();

CREATE FUNCTION venues_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE events SET name = name WHERE venue_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER venues_search_refresh
    AFTER UPDATE OF name, city ON venues
    FOR EACH ROW EXECUTE FUNCTION venues_search_refresh();

CREATE TABLE price_categories (
    id          bigserial PRIMARY KEY,
    event_id    bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    name        text NOT NULL,
    price_cents int NOT NULL CHECK (price_cents >= 0),
    color       text NOT NULL DEFAULT '#4caf50',
    UNIQUE (event_id, name)
);

CREATE TABLE bookings (
    id                bigserial PRIMARY KEY,
    code              text NOT NULL UNIQUE,
    user_id           bigint NOT NULL REFERENCES users,
    event_id          bigint NOT NULL REFERENCES events,
    status            text NOT NULL DEFAULT 'confirmed'
                      CHECK (status IN ('confirmed', 'partially_cancelled', 'cancelled')),
    total_cents       bigint NOT NULL DEFAULT 0,
    payment_method    text NOT NULL CHECK (payment_method IN ('cash', 'card')),
    payment_reference text NOT NULL DEFAULT '',
    customer_name     text NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL DEFAULT now(),
    cancelled_at      timestamptz
);
CREATE INDEX bookings_user_idx ON bookings (user_id, created_at DESC);
CREATE INDEX bookings_customer_name_idx ON bookings USING gin (bo_normalize(customer_name) gin_trgm_ops);

CREATE TABLE holds (
    id          uuid PRIMARY KEY,
    event_id    bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users,
    ticket_ids  bigint[] NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    released_at timestamptz
);
CREATE INDEX holds_open_idx ON holds (expires_at) WHERE released_at IS NULL;
CREATE INDEX holds_user_idx ON holds (user_id) WHERE released_at IS NULL;

-- One row per seat per event. Invariant 1 lives here: a ticket is sold by a
-- conditional UPDATE whose row count is checked, and the CHECKs below plus
-- booking_tickets_one_live_sale refuse any state in which a seat is sold twice.
CREATE TABLE tickets (
    id                bigserial PRIMARY KEY,
    event_id          bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    seat_id           bigint NOT NULL REFERENCES seats,
    price_category_id bigint NOT NULL REFERENCES price_categories,
    price_cents       int NOT NULL CHECK (price_cents >= 0),
    status            text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'held', 'sold')),
    booking_id        bigint REFERENCES bookings,
    hold_id           uuid,
    hold_expires_at   timestamptz,
    -- The event version of this ticket's last change; NULL while a committed
    -- change waits to be published (stamped with the next version).
    version           bigint DEFAULT 0,
    -- Whether events.available counts this ticket (published state).
    counted           boolean NOT NULL DEFAULT true,
    UNIQUE (event_id, seat_id),
    CHECK ((status = 'sold') = (booking_id IS NOT NULL)),
    CHECK ((status = 'held') = (hold_id IS NOT NULL AND hold_expires_at IS NOT NULL))
);
CREATE INDEX tickets_event_version_idx ON tickets (event_id, version);
CREATE INDEX tickets_unpublished_idx ON tickets (event_id) WHERE version IS NULL;
CREATE INDEX tickets_booking_idx ON tickets (booking_id) WHERE booking_id IS NOT NULL;

CREATE TABLE booking_tickets (
    booking_id   bigint NOT NULL REFERENCES bookings,
    ticket_id    bigint NOT NULL REFERENCES tickets,
    price_cents  int NOT NULL,
    cancelled_at timestamptz,
    PRIMARY KEY (booking_id, ticket_id)
);
-- A seat has at most one live sale, whatever the application does.
CREATE UNIQUE INDEX booking_tickets_one_live_sale ON booking_tickets (ticket_id)
    WHERE cancelled_at IS NULL;

CREATE TABLE refunds (
    id                bigserial PRIMARY KEY,
    booking_id        bigint NOT NULL REFERENCES bookings,
    amount_cents      bigint NOT NULL,
    ticket_ids        bigint[] NOT NULL,
    payment_reference text NOT NULL DEFAULT '',
    created_by        bigint NOT NULL REFERENCES users,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- The stored answer to a booking request, keyed by the caller's
-- Idempotency-Key (invariant 4). The row is inserted first in the booking
-- transaction, so a concurrent replay waits on its unique index.
CREATE TABLE idempotency_keys (
    user_id      bigint NOT NULL REFERENCES users,
    key          text NOT NULL,
    request_hash text NOT NULL,
    status_code  int,
    response     text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
