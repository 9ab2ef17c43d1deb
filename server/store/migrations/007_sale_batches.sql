-- Group commit (SaleCommitter) writes a sold ticket once, with its version,
-- so the hot ticket rows carry only the indexes that reads need: nothing
-- looks tickets up by booking (bookings list their seats in
-- booking_tickets, cancellations name the ticket ids), and bookings are
-- never deleted, so no foreign-key check needs it either.
DROP INDEX tickets_booking_idx;
