-- Every call to a payment provider, written before the call (status
-- 'started') and completed after it (DESIGN.md invariant 10: money and seats
-- move together). After any crash, a row still 'started' says "this call may
-- have happened"; the reconciler (HoldSweeper) finishes what it implies.
CREATE TABLE payment_ledger (
    id               bigserial PRIMARY KEY,
    operation        text NOT NULL CHECK (operation IN ('authorize', 'capture', 'void', 'refund')),
    method           text NOT NULL CHECK (method IN ('cash', 'card')),
    amount_cents     bigint NOT NULL CHECK (amount_cents >= 0),
    -- What the provider is told: the same for every retry of one call, so a
    -- retried call is one call at the provider.
    idempotency_key  text NOT NULL,
    -- The provider's reference for what this call made (an authorization, a
    -- capture, a refund); for a void, the authorization it voided.
    reference        text,
    status           text NOT NULL DEFAULT 'started'
                     CHECK (status IN ('started', 'succeeded', 'declined', 'failed')),
    error            text,
    -- Authorizations: the sale request (its Redis owner token) and which of
    -- its authorizations this is (a new one only after the last was voided).
    sale_key         text,
    attempt          int,
    -- Captures and voids: the authorization they act on.
    authorization_id bigint REFERENCES payment_ledger,
    -- Set in the booking transaction itself: an authorization whose booking
    -- committed. Never set once released_at is.
    booking_id       bigint REFERENCES bookings,
    -- An authorization given up (declined, or claimed for voiding): no
    -- booking may take it any more.
    released_at      timestamptz,
    refund_id        bigint,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((operation = 'authorize') = (sale_key IS NOT NULL AND attempt IS NOT NULL)),
    CHECK (operation NOT IN ('capture', 'void') OR authorization_id IS NOT NULL),
    CHECK (booking_id IS NULL OR released_at IS NULL OR operation <> 'authorize')
);
-- One row per authorization: concurrent retries of one sale share it.
CREATE UNIQUE INDEX payment_ledger_authorization_key
    ON payment_ledger (sale_key, attempt) WHERE operation = 'authorize';
-- At most one capture per authorization.
CREATE UNIQUE INDEX payment_ledger_one_capture
    ON payment_ledger (authorization_id) WHERE operation = 'capture';
CREATE INDEX payment_ledger_booking_idx ON payment_ledger (booking_id);
-- What the reconciler looks for: calls not known to have finished.
CREATE INDEX payment_ledger_open_idx ON payment_ledger (updated_at)
    WHERE status IN ('started', 'failed');
CREATE INDEX payment_ledger_unbooked_idx ON payment_ledger (updated_at)
    WHERE operation = 'authorize' AND booking_id IS NULL AND released_at IS NULL;

-- A refund is recorded 'pending' in the cancellation's transaction and
-- becomes 'done' once the provider has refunded it (after the commit).
ALTER TABLE refunds ADD COLUMN status text NOT NULL DEFAULT 'done'
    CHECK (status IN ('pending', 'done'));
CREATE INDEX refunds_pending_idx ON refunds (id) WHERE status = 'pending';
ALTER TABLE payment_ledger ADD FOREIGN KEY (refund_id) REFERENCES refunds;
