-- Schema version 2: mobile access (pairing tickets, devices, the replay cache of signed requests), maintenance
-- windows (R10) and links between accounts of different instances.

CREATE TABLE {schema}.pairing_tickets (
    id              uuid        NOT NULL PRIMARY KEY,
    token_hash      text COLLATE "C" NOT NULL,
    pin_hash        text COLLATE "C" NOT NULL,
    account_id      uuid        NOT NULL REFERENCES {schema}.accounts (id),
    instance_symbol text COLLATE "C" NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    remaining_tries integer     NOT NULL,
    consumed_at     timestamptz,
    closed_at       timestamptz
);

-- Not unique: a short pairing token may come round again after its ticket is long dead; the newest ticket wins.
CREATE INDEX ix_pairing_tickets_token ON {schema}.pairing_tickets (token_hash, created_at);
-- At most one open ticket per account (R7), kept by the database like the open link tokens.
CREATE UNIQUE INDEX ux_pairing_tickets_open ON {schema}.pairing_tickets (account_id) WHERE consumed_at IS NULL AND closed_at IS NULL;

CREATE TABLE {schema}.devices (
    id                uuid        NOT NULL PRIMARY KEY,
    account_id        uuid        NOT NULL REFERENCES {schema}.accounts (id),
    instance_symbol   text COLLATE "C" NOT NULL,
    name              text        NOT NULL,
    platform          text        NOT NULL,
    public_key        bytea       NOT NULL,
    key_algorithm     integer     NOT NULL,
    created_at        timestamptz NOT NULL,
    last_seen_at      timestamptz NOT NULL,
    revoked_at        timestamptz,
    revocation_reason integer
);

CREATE INDEX ix_devices_account ON {schema}.devices (account_id, created_at);

-- A cache, not a relation: no foreign key, rows expire with the clock window of signed requests.
CREATE TABLE {schema}.signature_replay (
    device_id      uuid        NOT NULL,
    signature_hash text COLLATE "C" NOT NULL,
    expires_at     timestamptz NOT NULL,
    PRIMARY KEY (device_id, signature_hash)
);

CREATE INDEX ix_signature_replay_expires ON {schema}.signature_replay (expires_at);

CREATE TABLE {schema}.maintenance_windows (
    id              uuid        NOT NULL PRIMARY KEY,
    instance_symbol text COLLATE "C",
    starts_at       timestamptz NOT NULL,
    expected_end_at timestamptz,
    ended_at        timestamptz,
    message_polish  text        NOT NULL,
    message_english text        NOT NULL,
    created_by      text COLLATE "C" NOT NULL
);

CREATE INDEX ix_maintenance_windows_instance ON {schema}.maintenance_windows (instance_symbol, starts_at);

CREATE TABLE {schema}.account_links (
    account_id        uuid        NOT NULL REFERENCES {schema}.accounts (id),
    linked_account_id uuid        NOT NULL REFERENCES {schema}.accounts (id),
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (account_id, linked_account_id)
);

CREATE INDEX ix_account_links_linked ON {schema}.account_links (linked_account_id);
