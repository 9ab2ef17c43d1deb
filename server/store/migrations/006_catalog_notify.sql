-- Every server instance keeps each event's catalog revision in memory, so a
-- cached event answer needs no database round trip (the details' cache key
-- holds the revision). A new revision is announced on its own channel; the
-- NOTIFY goes out at commit. Stamped only when a catalog column is written
-- (the column list of events_revision_stamp), so ticket sales, which update
-- the event's version and availability, never fire it.
CREATE FUNCTION events_revision_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('boxoffice_catalog',
                      json_build_object('event_id', NEW.id, 'revision', NEW.revision)::text);
    RETURN NULL;
END $$;
CREATE TRIGGER events_revision_notify
    AFTER UPDATE OF venue_id, name, description, performer, category, starts_at, revision
    ON events FOR EACH ROW WHEN (OLD.revision IS DISTINCT FROM NEW.revision)
    EXECUTE FUNCTION events_revision_notify();
