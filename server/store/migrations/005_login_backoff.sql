-- Failed sign-ins are counted per e-mail address AND client address: a
-- stranger guessing a password slows down only their own attempts, never the
-- account owner's from elsewhere. Past the allowance each further attempt
-- from that client waits twice as long as the one before (back-off, not a
-- lock-out).
DROP TABLE login_failures;
CREATE TABLE login_failures (
    email        text NOT NULL,
    client       inet NOT NULL,
    failures     int NOT NULL,
    last_failure timestamptz NOT NULL,
    PRIMARY KEY (email, client)
);
CREATE INDEX login_failures_last_failure ON login_failures (last_failure);
