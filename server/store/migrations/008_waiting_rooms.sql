-- Waiting rooms for famous on-sales (docs/API.md, "Waiting room"). Postgres
-- holds the queue, so it survives a restart of any server instance, and
-- every instance sees the same order.

-- One per event that has had a room. Admission is a fractional count that
-- grows at admit_per_second while the room is on, never past the places
-- handed out: a buyer with position <= floor(admitted) is admitted.
CREATE TABLE waiting_rooms (
    event_id         bigint PRIMARY KEY REFERENCES events ON DELETE CASCADE,
    enabled          boolean NOT NULL,
    admit_per_second double precision NOT NULL CHECK (admit_per_second > 0),
    -- Turned on by the request rate (--queue-auto-above), not by an admin.
    automatic        boolean NOT NULL DEFAULT false,
    joined           bigint NOT NULL DEFAULT 0,
    admitted         double precision NOT NULL DEFAULT 0,
    advanced_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (admitted <= joined)
);

-- A buyer's place. The pass is made when the place is admitted; it is
-- good for this account and event until pass_expires_at, and spent by the
-- account's first booking on the event.
CREATE TABLE queue_entries (
    id              uuid PRIMARY KEY,
    event_id        bigint NOT NULL REFERENCES waiting_rooms ON DELETE CASCADE,
    user_id         bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    position        bigint NOT NULL,
    joined_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    admitted_at     timestamptz,
    pass            text UNIQUE,
    pass_expires_at timestamptz,
    spent_at        timestamptz,
    UNIQUE (event_id, position)
);
CREATE INDEX queue_entries_user_idx ON queue_entries (event_id, user_id, position DESC);
CREATE INDEX queue_entries_waiting_idx ON queue_entries (event_id, position)
    WHERE admitted_at IS NULL;

-- A place at the back of the room's queue, or the account's place if it
-- has one still good (waiting, or admitted with a pass neither expired nor
-- spent). NULL when the event has no room switched on. Joins of one event
-- take turns on its room's row, so positions are handed out without gaps in
-- the order the joins commit.
CREATE FUNCTION join_waiting_room(p_event bigint, p_user bigint, p_id uuid)
RETURNS SETOF queue_entries LANGUAGE plpgsql AS $$
DECLARE
    place bigint;
BEGIN
    PERFORM 1 FROM waiting_rooms WHERE event_id = p_event AND enabled FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT * FROM queue_entries
         WHERE event_id = p_event AND user_id = p_user
           AND (admitted_at IS NULL OR (pass_expires_at > clock_timestamp() AND spent_at IS NULL))
         ORDER BY position DESC LIMIT 1;
    IF FOUND THEN
        RETURN;
    END IF;
    UPDATE waiting_rooms SET joined = joined + 1 WHERE event_id = p_event
        RETURNING joined INTO place;
    RETURN QUERY
        INSERT INTO queue_entries (id, event_id, user_id, position)
        VALUES (p_id, p_event, p_user, place) RETURNING *;
END $$;

-- Lets every switched-on room admit what its rate allows since it was last
-- advanced, and gives each newly admitted place its pass. Any number of
-- instances may call it at any time: each room's row is taken in turn, and
-- the admitted count depends only on the time passed, not on the callers.
-- The places a call admits share its moment of admission.
CREATE FUNCTION advance_waiting_rooms(p_pass_lifetime interval)
RETURNS SETOF waiting_rooms LANGUAGE sql AS $$
    WITH advanced AS (
        UPDATE waiting_rooms
           SET admitted = least(joined::double precision,
                                admitted + admit_per_second
                                    * extract(epoch FROM clock_timestamp() - advanced_at)),
               advanced_at = clock_timestamp()
         WHERE enabled
        RETURNING *
    ), passes AS (
        UPDATE queue_entries e
           SET admitted_at = a.advanced_at,
               pass = encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text
                                               || e.id::text, 'UTF8')), 'hex'),
               pass_expires_at = a.advanced_at + p_pass_lifetime
          FROM advanced a
         WHERE e.event_id = a.event_id AND e.admitted_at IS NULL
           AND e.position <= floor(a.admitted)
    )
    SELECT * FROM advanced;
$$;

-- Every instance hears at once when a room is switched on or off or its
-- rate changes (an idle instance asks Postgres nothing until then).
CREATE FUNCTION notify_waiting_room() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('boxoffice_rooms', NEW.event_id::text);
    RETURN NEW;
END $$;
CREATE TRIGGER waiting_rooms_switched AFTER INSERT OR UPDATE OF enabled, admit_per_second
    ON waiting_rooms FOR EACH ROW EXECUTE FUNCTION notify_waiting_room();
