-- Schema version 7: passkeys (WebAuthn credentials) and their open ceremonies. A passkey holds no secret, only the
-- public key; its credential id is unique within an instance (R6). A ceremony is kept by the hash of its challenge,
-- taken once (deleted) and short-lived.

CREATE TABLE passkeys (
    id                 TEXT    NOT NULL PRIMARY KEY,
    account_id         TEXT    NOT NULL REFERENCES accounts (id),
    instance_symbol    TEXT    NOT NULL,
    credential_id      BLOB    NOT NULL,
    public_key         BLOB    NOT NULL,
    user_handle        BLOB    NOT NULL,
    sign_count         INTEGER NOT NULL,
    transports         TEXT    NOT NULL,
    backup_eligible    INTEGER NOT NULL,
    backed_up          INTEGER NOT NULL,
    aaguid             TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    created_at         INTEGER NOT NULL,
    last_used_at       INTEGER
) STRICT;

CREATE UNIQUE INDEX ux_passkeys_credential ON passkeys (instance_symbol, credential_id);
CREATE INDEX ix_passkeys_account ON passkeys (account_id, created_at);

CREATE TABLE passkey_challenges (
    challenge_hash   TEXT    NOT NULL PRIMARY KEY,
    ceremony         INTEGER NOT NULL,
    instance_symbol  TEXT    NOT NULL,
    account_id       TEXT,
    options_json     TEXT    NOT NULL,
    expires_at       INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_passkey_challenges_expires ON passkey_challenges (expires_at);
