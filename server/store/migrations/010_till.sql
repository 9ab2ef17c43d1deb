-- The till (docs/API.md, "Shifts and receipts"): a clerk's shift with its
-- cash float, the sales and refunds made during it, and its closing; VAT per
-- rate and a gap-free receipt number per venue on every booking.

-- A shift at one till (a counter's device, named by the client). A clerk has
-- at most one open shift, and so has a till. Sales and refunds made by the
-- shift's clerk while it is open are tied to it (bookings.shift_id,
-- refunds.shift_id); closing it locks the row FOR UPDATE, which waits for
-- sales in flight (their foreign-key check holds KEY SHARE) and makes every
-- later sale see it closed.
CREATE TABLE shifts (
    id                 bigserial PRIMARY KEY,
    user_id            bigint NOT NULL REFERENCES users,
    till               text NOT NULL,
    float_cents        bigint NOT NULL CHECK (float_cents >= 0),
    opened_at          timestamptz NOT NULL DEFAULT now(),
    closed_at          timestamptz,
    closed_by          bigint REFERENCES users,
    -- Filled in at closing, from the bookings and refunds tied to the shift.
    cash_sales_cents   bigint,
    cash_refunds_cents bigint,
    card_sales_cents   bigint,
    card_refunds_cents bigint,
    sales_count        int,
    refunds_count      int,
    expected_cents     bigint,
    counted_cents      bigint CHECK (counted_cents >= 0),
    note               text NOT NULL DEFAULT '',
    CHECK ((closed_at IS NULL) = (counted_cents IS NULL)),
    CHECK ((closed_at IS NULL) = (expected_cents IS NULL))
);
CREATE UNIQUE INDEX shifts_one_open_per_user ON shifts (user_id) WHERE closed_at IS NULL;
CREATE UNIQUE INDEX shifts_one_open_per_till ON shifts (lower(till)) WHERE closed_at IS NULL;
CREATE INDEX shifts_closed_idx ON shifts (closed_at) WHERE closed_at IS NOT NULL;

ALTER TABLE bookings ADD COLUMN shift_id bigint REFERENCES shifts;
CREATE INDEX bookings_shift_idx ON bookings (shift_id) WHERE shift_id IS NOT NULL;
ALTER TABLE refunds ADD COLUMN shift_id bigint REFERENCES shifts;
CREATE INDEX refunds_shift_idx ON refunds (shift_id) WHERE shift_id IS NOT NULL;

-- VAT: a rate in basis points (700 = 7 %) per venue, and optionally per
-- price category (NULL: the venue's). Prices are gross. A sold ticket keeps
-- the rate it was sold at, so a later change never alters a receipt.
ALTER TABLE venues ADD COLUMN vat_rate_bp int NOT NULL DEFAULT 700
    CHECK (vat_rate_bp BETWEEN 0 AND 10000);
ALTER TABLE venues ADD COLUMN vat_id text NOT NULL DEFAULT '';
ALTER TABLE price_categories ADD COLUMN vat_rate_bp int
    CHECK (vat_rate_bp BETWEEN 0 AND 10000);
ALTER TABLE booking_tickets ADD COLUMN vat_rate_bp int;
UPDATE booking_tickets bt SET vat_rate_bp = v.vat_rate_bp
  FROM bookings b JOIN events e ON e.id = b.event_id JOIN venues v ON v.id = e.venue_id
 WHERE b.id = bt.booking_id;
ALTER TABLE booking_tickets ALTER COLUMN vat_rate_bp SET NOT NULL;

-- Receipt numbers: one gap-free sequence per venue, taken in the sale's own
-- transaction (a sequence would leave gaps on rollback). Bookings made
-- before this migration are numbered in the order they were made.
ALTER TABLE bookings ADD COLUMN venue_id bigint REFERENCES venues;
ALTER TABLE bookings ADD COLUMN receipt_number bigint;
UPDATE bookings b SET venue_id = e.venue_id FROM events e WHERE e.id = b.event_id;
UPDATE bookings b SET receipt_number = n.number
  FROM (SELECT id, row_number() OVER (PARTITION BY venue_id ORDER BY id) AS number
          FROM bookings) n
 WHERE n.id = b.id;
ALTER TABLE bookings ALTER COLUMN venue_id SET NOT NULL;
ALTER TABLE bookings ALTER COLUMN receipt_number SET NOT NULL;
ALTER TABLE bookings ADD CONSTRAINT bookings_receipt_key UNIQUE (venue_id, receipt_number);
CREATE TABLE receipt_counters (
    venue_id    bigint PRIMARY KEY REFERENCES venues ON DELETE CASCADE,
    last_number bigint NOT NULL CHECK (last_number >= 0)
);
INSERT INTO receipt_counters (venue_id, last_number)
SELECT venue_id, max(receipt_number) FROM bookings GROUP BY venue_id;
