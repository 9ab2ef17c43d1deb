-- Check-in at the door (docs/API.md, "Check-in"): every sold ticket carries
-- its own secret, printed as its QR code, and is admitted at most once.

-- A door's scanner: checks tickets in, sells nothing.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('customer', 'clerk', 'kiosk', 'admin', 'scanner'));

-- 20 characters of an alphabet without 0/O or 1/I: 100 random bits. The
-- server makes the secrets of its sales itself (they are in the sale's
-- answer); this makes those of tickets sold before this migration. The
-- bytes are two random UUIDs' minus their version bytes (6 and 22), whose
-- low five bits are not all random.
CREATE FUNCTION new_ticket_secret() RETURNS text
LANGUAGE sql VOLATILE AS $$
    SELECT string_agg(substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', get_byte(r.b, i.n) % 32 + 1, 1),
                      '' ORDER BY i.n)
    FROM (SELECT uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) AS b) r,
         (SELECT n FROM generate_series(0, 31) AS n WHERE n NOT IN (6, 22) ORDER BY n LIMIT 20) i
$$;

ALTER TABLE booking_tickets ADD COLUMN secret text;
UPDATE booking_tickets SET secret = new_ticket_secret();
ALTER TABLE booking_tickets ALTER COLUMN secret SET NOT NULL;
ALTER TABLE booking_tickets ALTER COLUMN secret SET DEFAULT new_ticket_secret();
CREATE UNIQUE INDEX booking_tickets_secret_key ON booking_tickets (secret);
-- The door's list of an event's tickets, and its counts.
CREATE INDEX bookings_event_idx ON bookings (event_id);

-- One row per admitted ticket: the unique secret is what lets exactly one
-- of two doors scanning the same ticket at once admit it.
CREATE TABLE checkins (
    id          bigserial PRIMARY KEY,
    secret      text NOT NULL UNIQUE,
    booking_id  bigint NOT NULL REFERENCES bookings,
    ticket_id   bigint NOT NULL REFERENCES tickets,
    event_id    bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users,
    device      text NOT NULL DEFAULT '',
    -- When the door scanned it: a scan made offline is uploaded later.
    scanned_at  timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    offline     boolean NOT NULL DEFAULT false
);
CREATE INDEX checkins_event_idx ON checkins (event_id);

-- Scans refused after the ticket was admitted elsewhere, offline: the door
-- let someone in that the server did not, and the venue should know.
CREATE TABLE checkin_conflicts (
    id          bigserial PRIMARY KEY,
    secret      text NOT NULL,
    event_id    bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users,
    device      text NOT NULL DEFAULT '',
    scanned_at  timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checkin_conflicts_event_idx ON checkin_conflicts (event_id);
