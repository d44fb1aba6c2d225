-- Schema version 4: the runs of the CSV import, so that the school office sees what an interrupted import wrote.
-- A log like the audit trail: no foreign key, a run outlives nothing it names. The rowid orders runs started at the
-- same moment (the later added first).

CREATE TABLE import_runs (
    id              TEXT    NOT NULL PRIMARY KEY,
    instance_symbol TEXT    NOT NULL,
    unit_code       TEXT    NOT NULL,
    actor_email     TEXT    NOT NULL,
    file_name       TEXT,
    started_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    status          INTEGER NOT NULL,
    rows_written    INTEGER NOT NULL,
    rows_refused    INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_import_runs_unit ON import_runs (instance_symbol, unit_code, started_at);
