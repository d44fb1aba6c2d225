-- Schema version 5: the append-only security trail of each account (sign-ins, failures, password and second-factor
-- changes, devices, sessions, closure). Written in the same transaction as the change it records; never a secret.
-- The client address is kept as its network (/24, /48).

CREATE TABLE security_events (
    id                 TEXT    NOT NULL PRIMARY KEY,
    account_id         TEXT    NOT NULL REFERENCES accounts (id),
    instance_symbol    TEXT    NOT NULL,
    kind               INTEGER NOT NULL,
    occurred_at        INTEGER NOT NULL,
    client_address     TEXT,
    client_description TEXT,
    detail             TEXT
) STRICT;

CREATE INDEX ix_security_events_account ON security_events (account_id, occurred_at);
CREATE INDEX ix_security_events_occurred ON security_events (occurred_at);
