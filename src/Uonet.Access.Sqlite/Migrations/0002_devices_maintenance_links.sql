-- Schema version 2: mobile access (pairing tickets, devices, the replay cache of signed requests), maintenance
-- windows (R10) and links between accounts of different instances.

CREATE TABLE pairing_tickets (
    id              TEXT    NOT NULL PRIMARY KEY,
    token_hash      TEXT    NOT NULL,
    pin_hash        TEXT    NOT NULL,
    account_id      TEXT    NOT NULL REFERENCES accounts (id),
    instance_symbol TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    remaining_tries INTEGER NOT NULL,
    consumed_at     INTEGER,
    closed_at       INTEGER
) STRICT;

-- Not unique: a short pairing token may come round again after its ticket is long dead; the newest ticket wins.
CREATE INDEX ix_pairing_tickets_token ON pairing_tickets (token_hash, created_at);
CREATE INDEX ix_pairing_tickets_open ON pairing_tickets (account_id) WHERE consumed_at IS NULL AND closed_at IS NULL;

CREATE TABLE devices (
    id                TEXT    NOT NULL PRIMARY KEY,
    account_id        TEXT    NOT NULL REFERENCES accounts (id),
    instance_symbol   TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    platform          TEXT    NOT NULL,
    public_key        BLOB    NOT NULL,
    key_algorithm     INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    last_seen_at      INTEGER NOT NULL,
    revoked_at        INTEGER,
    revocation_reason INTEGER
) STRICT;

CREATE INDEX ix_devices_account ON devices (account_id, created_at);

-- A cache, not a relation: no foreign key, rows expire with the clock window of signed requests.
CREATE TABLE signature_replay (
    device_id      TEXT    NOT NULL,
    signature_hash TEXT    NOT NULL,
    expires_at     INTEGER NOT NULL,
    PRIMARY KEY (device_id, signature_hash)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_signature_replay_expires ON signature_replay (expires_at);

CREATE TABLE maintenance_windows (
    id              TEXT    NOT NULL PRIMARY KEY,
    instance_symbol TEXT,
    starts_at       INTEGER NOT NULL,
    expected_end_at INTEGER,
    ended_at        INTEGER,
    message_polish  TEXT    NOT NULL,
    message_english TEXT    NOT NULL,
    created_by      TEXT    NOT NULL
) STRICT;

CREATE INDEX ix_maintenance_windows_instance ON maintenance_windows (instance_symbol, starts_at);

CREATE TABLE account_links (
    account_id        TEXT    NOT NULL REFERENCES accounts (id),
    linked_account_id TEXT    NOT NULL REFERENCES accounts (id),
    created_at        INTEGER NOT NULL,
    PRIMARY KEY (account_id, linked_account_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_account_links_linked ON account_links (linked_account_id);
