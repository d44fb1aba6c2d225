-- Schema version 5: the append-only security trail of each account (sign-ins, failures, password and second-factor
-- changes, devices, sessions, closure). Written in the same transaction as the change it records; never a secret.
-- The client address is kept as its network (/24, /48).

CREATE TABLE {schema}.security_events (
    id                 uuid        NOT NULL PRIMARY KEY,
    account_id         uuid        NOT NULL REFERENCES {schema}.accounts (id),
    instance_symbol    text COLLATE "C" NOT NULL,
    kind               integer     NOT NULL,
    occurred_at        timestamptz NOT NULL,
    client_address     text,
    client_description text,
    detail             text
);

CREATE INDEX ix_security_events_account ON {schema}.security_events (account_id, occurred_at);
CREATE INDEX ix_security_events_occurred ON {schema}.security_events (occurred_at);
