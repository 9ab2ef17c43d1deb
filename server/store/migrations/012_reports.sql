-- Reports (docs/API.md, "Reports") sum a period's sales and refunds by
-- when they were made.
CREATE INDEX bookings_created_at_idx ON bookings (created_at);
CREATE INDEX refunds_created_at_idx ON refunds (created_at);
