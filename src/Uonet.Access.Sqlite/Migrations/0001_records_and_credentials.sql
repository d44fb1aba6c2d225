-- Schema version 1: the school directory, pupils' records with their audit trail, accounts, link tokens,
-- sessions, attempt counters and the outbox.
-- Conventions: ids are lower-case GUID text (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx); times are INTEGER 100-ns ticks
-- since 1970-01-01 UTC (exact .NET DateTimeOffset precision); enums are their INTEGER values; booleans 0/1.
-- Symbols, unit codes and e-mails are stored normalized and compared with the BINARY (ordinal) collation.

CREATE TABLE instances (
    symbol   TEXT NOT NULL PRIMARY KEY,
    name     TEXT NOT NULL,
    base_url TEXT NOT NULL
) STRICT;

CREATE TABLE units (
    instance_symbol        TEXT    NOT NULL REFERENCES instances (symbol),
    code                   TEXT    NOT NULL,
    name                   TEXT    NOT NULL,
    require_guardian_pesel INTEGER NOT NULL CHECK (require_guardian_pesel IN (0, 1)),
    PRIMARY KEY (instance_symbol, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE staff (
    instance_symbol TEXT NOT NULL REFERENCES instances (symbol),
    email           TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    PRIMARY KEY (instance_symbol, email)
) STRICT, WITHOUT ROWID;

CREATE TABLE staff_assignments (
    instance_symbol TEXT    NOT NULL,
    email           TEXT    NOT NULL,
    ordinal         INTEGER NOT NULL,
    role            INTEGER NOT NULL,
    unit_code       TEXT,
    class_name      TEXT,
    PRIMARY KEY (instance_symbol, email, ordinal),
    FOREIGN KEY (instance_symbol, email) REFERENCES staff (instance_symbol, email) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE students (
    id              TEXT    NOT NULL PRIMARY KEY,
    instance_symbol TEXT    NOT NULL,
    unit_code       TEXT    NOT NULL,
    class_name      TEXT    NOT NULL,
    first_name      TEXT    NOT NULL,
    last_name       TEXT    NOT NULL,
    pesel           TEXT,
    email           TEXT,
    version         INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    FOREIGN KEY (instance_symbol, unit_code) REFERENCES units (instance_symbol, code)
) STRICT;

CREATE INDEX ix_students_unit ON students (instance_symbol, unit_code, class_name);
CREATE INDEX ix_students_pesel ON students (instance_symbol, unit_code, pesel) WHERE pesel IS NOT NULL;
-- Serves both the per-instance look-up (resolution, R5/R8) and the cross-instance one (which instances mention an address).
CREATE INDEX ix_students_email ON students (email, instance_symbol) WHERE email IS NOT NULL;

-- A guardian row carries its record's instance so that the e-mail index is per instance without a join.
CREATE TABLE student_guardians (
    student_id      TEXT    NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    ordinal         INTEGER NOT NULL,
    id              TEXT    NOT NULL,
    instance_symbol TEXT    NOT NULL,
    first_name      TEXT,
    last_name       TEXT,
    email           TEXT,
    pesel           TEXT,
    relation        INTEGER NOT NULL,
    PRIMARY KEY (student_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_student_guardians_email ON student_guardians (email, instance_symbol) WHERE email IS NOT NULL;

-- seq orders entries written at the same moment (the later written first).
CREATE TABLE audit_entries (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT    NOT NULL UNIQUE,
    instance_symbol TEXT    NOT NULL,
    student_id      TEXT    NOT NULL REFERENCES students (id),
    occurred_at     INTEGER NOT NULL,
    actor           TEXT    NOT NULL,
    action          INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_audit_entries_instance ON audit_entries (instance_symbol, occurred_at, seq);
CREATE INDEX ix_audit_entries_student ON audit_entries (student_id, occurred_at, seq);

CREATE TABLE audit_changes (
    audit_seq    INTEGER NOT NULL REFERENCES audit_entries (seq) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    field        TEXT    NOT NULL,
    before_value TEXT,
    after_value  TEXT,
    PRIMARY KEY (audit_seq, ordinal)
) STRICT, WITHOUT ROWID;

CREATE TABLE accounts (
    id                   TEXT    NOT NULL PRIMARY KEY,
    instance_symbol      TEXT    NOT NULL REFERENCES instances (symbol),
    email                TEXT    NOT NULL,
    password_hash        TEXT    NOT NULL,
    security_stamp       TEXT    NOT NULL,
    status               INTEGER NOT NULL,
    created_at           INTEGER NOT NULL,
    password_changed_at  INTEGER NOT NULL,
    closed_at            INTEGER,
    totp_secret          BLOB,
    pending_totp_secret  BLOB,
    totp_last_step       INTEGER,
    recovery_code_hashes TEXT    NOT NULL, -- a JSON array of strings, in order
    version              INTEGER NOT NULL,
    UNIQUE (instance_symbol, email)
) STRICT;

CREATE TABLE link_tokens (
    id              TEXT    NOT NULL PRIMARY KEY,
    token_hash      TEXT    NOT NULL UNIQUE,
    instance_symbol TEXT    NOT NULL REFERENCES instances (symbol),
    email           TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    consumed_at     INTEGER,
    superseded_at   INTEGER
) STRICT;

CREATE INDEX ix_link_tokens_open ON link_tokens (instance_symbol, email) WHERE consumed_at IS NULL AND superseded_at IS NULL;

CREATE TABLE sessions (
    id              TEXT    NOT NULL PRIMARY KEY,
    secret_hash     TEXT    NOT NULL,
    account_id      TEXT    NOT NULL REFERENCES accounts (id),
    instance_symbol TEXT    NOT NULL,
    security_stamp  TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    revoked_at      INTEGER
) STRICT;

CREATE INDEX ix_sessions_account ON sessions (account_id);

CREATE TABLE attempts (
    key            TEXT    NOT NULL PRIMARY KEY,
    count          INTEGER NOT NULL,
    window_ends_at INTEGER NOT NULL,
    locked_until   INTEGER
) STRICT, WITHOUT ROWID;

CREATE TABLE outbox (
    id              TEXT    NOT NULL PRIMARY KEY,
    message_id      TEXT    NOT NULL,
    instance_symbol TEXT,
    kind            INTEGER NOT NULL,
    to_address      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    text_body       TEXT    NOT NULL,
    html_body       TEXT    NOT NULL,
    link            TEXT,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    claimed_until   INTEGER,
    sent_at         INTEGER,
    last_error      TEXT
) STRICT;

CREATE INDEX ix_outbox_due ON outbox (sent_at, next_attempt_at);
CREATE INDEX ix_outbox_created ON outbox (created_at, id);
CREATE INDEX ix_outbox_to ON outbox (to_address, created_at, id);
