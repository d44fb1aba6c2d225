-- Schema version 7: passkeys (WebAuthn credentials) and their open ceremonies. A passkey holds no secret, only the
-- public key; its credential id is unique within an instance (R6). A ceremony is kept by the hash of its challenge,
-- taken once (deleted) and short-lived.

CREATE TABLE {schema}.passkeys (
    id               uuid        NOT NULL PRIMARY KEY,
    account_id       uuid        NOT NULL REFERENCES {schema}.accounts (id),
    instance_symbol  text COLLATE "C" NOT NULL,
    credential_id    bytea       NOT NULL,
    public_key       bytea       NOT NULL,
    user_handle      bytea       NOT NULL,
    sign_count       bigint      NOT NULL,
    transports       text[]      NOT NULL,
    backup_eligible  boolean     NOT NULL,
    backed_up        boolean     NOT NULL,
    aaguid           uuid        NOT NULL,
    name             text        NOT NULL,
    created_at       timestamptz NOT NULL,
    last_used_at     timestamptz
);

CREATE UNIQUE INDEX ux_passkeys_credential ON {schema}.passkeys (instance_symbol, credential_id);
CREATE INDEX ix_passkeys_account ON {schema}.passkeys (account_id, created_at);

CREATE TABLE {schema}.passkey_challenges (
    challenge_hash   text COLLATE "C" NOT NULL PRIMARY KEY,
    ceremony         integer     NOT NULL,
    instance_symbol  text COLLATE "C" NOT NULL,
    account_id       uuid,
    options_json     text        NOT NULL,
    expires_at       timestamptz NOT NULL
);

CREATE INDEX ix_passkey_challenges_expires ON {schema}.passkey_challenges (expires_at);
