-- Editing the catalog through the API (docs/API.md, "Editing the catalog"):
-- events cancelled by an operator, and seats taken off sale.

-- A cancelled event stays in the catalog (its customers were told and
-- refunded; clients show it as cancelled) but nothing of it is held or sold.
ALTER TABLE events ADD COLUMN cancelled_at timestamptz;
ALTER TABLE events ADD COLUMN cancel_reason text NOT NULL DEFAULT '';

-- 'blocked': off sale (a house seat, a broken seat, every unsold seat of a
-- cancelled event). Neither a hold nor a sale can take it: both take only
-- 'available' seats (or 'held' ones of an expired or their own hold).
ALTER TABLE tickets DROP CONSTRAINT tickets_status_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_status_check
    CHECK (status IN ('available', 'held', 'sold', 'blocked'));
ALTER TABLE tickets ADD COLUMN block_reason text;
ALTER TABLE tickets ADD CONSTRAINT tickets_block_reason_check
    CHECK ((status = 'blocked') = (block_reason IS NOT NULL));
