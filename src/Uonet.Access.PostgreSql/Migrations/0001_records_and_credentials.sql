-- Schema version 1: the school directory, pupils' records with their audit trail, accounts, link tokens,
-- sessions, attempt counters and the outbox.
-- Conventions: {schema} is the store's schema (quoted by the library); ids are uuid; times are timestamptz (UTC
-- instants); enums are their integer values. Symbols, unit codes, e-mails and hashes are stored normalized and use the
-- "C" collation, so equality and their indexes are byte-wise (ordinal) whatever the database's locale.

CREATE TABLE {schema}.instances (
    symbol   text COLLATE "C" NOT NULL PRIMARY KEY,
    name     text NOT NULL,
    base_url text NOT NULL
);

CREATE TABLE {schema}.units (
    instance_symbol        text COLLATE "C" NOT NULL REFERENCES {schema}.instances (symbol),
    code                   text COLLATE "C" NOT NULL,
    name                   text    NOT NULL,
    require_guardian_pesel boolean NOT NULL,
    PRIMARY KEY (instance_symbol, code)
);

CREATE TABLE {schema}.staff (
    instance_symbol text COLLATE "C" NOT NULL REFERENCES {schema}.instances (symbol),
    email           text COLLATE "C" NOT NULL,
    display_name    text NOT NULL,
    PRIMARY KEY (instance_symbol, email)
);

CREATE TABLE {schema}.staff_assignments (
    instance_symbol text COLLATE "C" NOT NULL,
    email           text COLLATE "C" NOT NULL,
    ordinal         integer NOT NULL,
    role            integer NOT NULL,
    unit_code       text COLLATE "C",
    class_name      text COLLATE "C",
    PRIMARY KEY (instance_symbol, email, ordinal),
    FOREIGN KEY (instance_symbol, email) REFERENCES {schema}.staff (instance_symbol, email) ON DELETE CASCADE
);

CREATE TABLE {schema}.students (
    id              uuid        NOT NULL PRIMARY KEY,
    instance_symbol text COLLATE "C" NOT NULL,
    unit_code       text COLLATE "C" NOT NULL,
    class_name      text COLLATE "C" NOT NULL,
    first_name      text        NOT NULL,
    last_name       text        NOT NULL,
    pesel           text COLLATE "C",
    email           text COLLATE "C",
    version         bigint      NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    FOREIGN KEY (instance_symbol, unit_code) REFERENCES {schema}.units (instance_symbol, code)
);

CREATE INDEX ix_students_unit ON {schema}.students (instance_symbol, unit_code, class_name);
CREATE INDEX ix_students_pesel ON {schema}.students (instance_symbol, unit_code, pesel) WHERE pesel IS NOT NULL;
-- Serves both the per-instance look-up (resolution, R5/R8) and the cross-instance one (which instances mention an address).
CREATE INDEX ix_students_email ON {schema}.students (email, instance_symbol) WHERE email IS NOT NULL;

-- A guardian row carries its record's instance so that the e-mail index is per instance without a join; the index
-- includes the record's id, so resolution reads it without visiting the table.
CREATE TABLE {schema}.student_guardians (
    student_id      uuid    NOT NULL REFERENCES {schema}.students (id) ON DELETE CASCADE,
    ordinal         integer NOT NULL,
    id              uuid    NOT NULL,
    instance_symbol text COLLATE "C" NOT NULL,
    first_name      text,
    last_name       text,
    email           text COLLATE "C",
    pesel           text COLLATE "C",
    relation        integer NOT NULL,
    PRIMARY KEY (student_id, ordinal)
);

CREATE INDEX ix_student_guardians_email ON {schema}.student_guardians (email, instance_symbol) INCLUDE (student_id) WHERE email IS NOT NULL;

-- seq orders entries written at the same moment (the later written first).
CREATE TABLE {schema}.audit_entries (
    seq             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              uuid        NOT NULL UNIQUE,
    instance_symbol text COLLATE "C" NOT NULL,
    student_id      uuid        NOT NULL REFERENCES {schema}.students (id),
    occurred_at     timestamptz NOT NULL,
    actor           text COLLATE "C" NOT NULL,
    action          integer     NOT NULL
);

CREATE INDEX ix_audit_entries_instance ON {schema}.audit_entries (instance_symbol, occurred_at, seq);
CREATE INDEX ix_audit_entries_student ON {schema}.audit_entries (student_id, occurred_at, seq);

CREATE TABLE {schema}.audit_changes (
    audit_seq    bigint  NOT NULL REFERENCES {schema}.audit_entries (seq) ON DELETE CASCADE,
    ordinal      integer NOT NULL,
    field        text    NOT NULL,
    before_value text,
    after_value  text,
    PRIMARY KEY (audit_seq, ordinal)
);

CREATE TABLE {schema}.accounts (
    id                   uuid        NOT NULL PRIMARY KEY,
    instance_symbol      text COLLATE "C" NOT NULL REFERENCES {schema}.instances (symbol),
    email                text COLLATE "C" NOT NULL,
    password_hash        text        NOT NULL,
    security_stamp       text        NOT NULL,
    status               integer     NOT NULL,
    created_at           timestamptz NOT NULL,
    password_changed_at  timestamptz NOT NULL,
    closed_at            timestamptz,
    totp_secret          bytea,
    pending_totp_secret  bytea,
    totp_last_step       bigint,
    recovery_code_hashes text[]      NOT NULL,
    version              bigint      NOT NULL,
    CONSTRAINT ux_accounts_email UNIQUE (instance_symbol, email)
);

CREATE TABLE {schema}.link_tokens (
    id              uuid        NOT NULL PRIMARY KEY,
    token_hash      text COLLATE "C" NOT NULL,
    instance_symbol text COLLATE "C" NOT NULL REFERENCES {schema}.instances (symbol),
    email           text COLLATE "C" NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    consumed_at     timestamptz,
    superseded_at   timestamptz,
    CONSTRAINT ux_link_tokens_hash UNIQUE (token_hash)
);

-- At most one open token per address and instance, kept by the database itself: a request supersedes the open token
-- under an advisory lock of the address, and this index refuses anything that would slip past it.
CREATE UNIQUE INDEX ux_link_tokens_open ON {schema}.link_tokens (instance_symbol, email) WHERE consumed_at IS NULL AND superseded_at IS NULL;

CREATE TABLE {schema}.sessions (
    id              uuid        NOT NULL PRIMARY KEY,
    secret_hash     text COLLATE "C" NOT NULL,
    account_id      uuid        NOT NULL REFERENCES {schema}.accounts (id),
    instance_symbol text COLLATE "C" NOT NULL,
    security_stamp  text        NOT NULL,
    created_at      timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz
);

CREATE INDEX ix_sessions_account ON {schema}.sessions (account_id);

CREATE TABLE {schema}.attempts (
    key            text COLLATE "C" NOT NULL PRIMARY KEY,
    count          integer     NOT NULL,
    window_ends_at timestamptz NOT NULL,
    locked_until   timestamptz
);

CREATE TABLE {schema}.outbox (
    id              uuid        NOT NULL PRIMARY KEY,
    message_id      text        NOT NULL,
    instance_symbol text COLLATE "C",
    kind            integer     NOT NULL,
    to_address      text COLLATE "C" NOT NULL,
    subject         text        NOT NULL,
    text_body       text        NOT NULL,
    html_body       text        NOT NULL,
    link            text,
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    claimed_until   timestamptz,
    sent_at         timestamptz,
    last_error      text
);

-- Dispatchers claim pending mail oldest first: the index holds only what is not sent yet, so it stays small.
CREATE INDEX ix_outbox_pending ON {schema}.outbox (created_at, id) WHERE sent_at IS NULL;
CREATE INDEX ix_outbox_created ON {schema}.outbox (created_at, id);
CREATE INDEX ix_outbox_to ON {schema}.outbox (to_address, created_at, id);
