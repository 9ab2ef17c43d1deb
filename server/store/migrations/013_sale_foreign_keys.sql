-- A sale batch writes these references to rows that the very same
-- transaction inserts (the booking, its authorization) or holds locked (the
-- tickets), and nothing ever deletes a booking, a ticket that was sold (the
-- event's own foreign key from bookings keeps its event and so its tickets)
-- or a ledger row. Checking them cost one lookup per row, about a fifth of
-- an on-sale's sale statement (docs/PERFORMANCE.md): they go. The references
-- from bookings to users, events, shifts and venues, and every other table's,
-- stay; docs/OPERATIONS.md has the query that checks these ones.
ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_booking_id_fkey;
ALTER TABLE booking_tickets DROP CONSTRAINT IF EXISTS booking_tickets_booking_id_fkey;
ALTER TABLE booking_tickets DROP CONSTRAINT IF EXISTS booking_tickets_ticket_id_fkey;
ALTER TABLE payment_ledger DROP CONSTRAINT IF EXISTS payment_ledger_booking_id_fkey;
ALTER TABLE payment_ledger DROP CONSTRAINT IF EXISTS payment_ledger_authorization_id_fkey;
