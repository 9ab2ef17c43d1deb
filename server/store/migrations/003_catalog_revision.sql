-- Clients keep a mirror of the catalog and fetch only what changed:
-- GET /v1/catalog?since=<revision>. Every change to an event's catalog data
-- (its own columns, its venue, its price categories) stamps the event with the
-- next catalog revision. Catalog writers (imports by operators) are rare, so
-- they are serialised by a transaction-level advisory lock: revisions then
-- become visible in the order they were taken, and a client that has seen
-- revision R can never later miss a row with a smaller one. Ticket sales do
-- not touch these columns and never take the lock.
CREATE SEQUENCE catalog_revision_seq;
ALTER TABLE events ADD COLUMN revision bigint NOT NULL DEFAULT 0;
UPDATE events SET revision = nextval('catalog_revision_seq');
CREATE INDEX events_revision_idx ON events (revision);

CREATE FUNCTION events_revision_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(20601, 2);
    NEW.revision := nextval('catalog_revision_seq');
    RETURN NEW;
END $$;
CREATE TRIGGER events_revision_stamp
    BEFORE INSERT OR UPDATE OF venue_id, name, description, performer, category, starts_at, revision
    ON events FOR EACH ROW EXECUTE FUNCTION events_revision_stamp();

CREATE FUNCTION price_categories_touch_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE events SET revision = revision
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.event_id ELSE NEW.event_id END;
    RETURN NULL;
END $$;
CREATE TRIGGER price_categories_touch_event
    AFTER INSERT OR UPDATE OR DELETE ON price_categories
    FOR EACH ROW EXECUTE FUNCTION price_categories_touch_event();

CREATE FUNCTION venues_touch_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE events SET revision = revision WHERE venue_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER venues_touch_events
    AFTER UPDATE OF name, city, address, kind ON venues
    FOR EACH ROW EXECUTE FUNCTION venues_touch_events();
