-- Schema version 4: the runs of the CSV import, so that the school office sees what an interrupted import wrote.
-- A log like the audit trail: no foreign key, a run outlives nothing it names. The sequence orders runs started at
-- the same moment (the later added first).

CREATE TABLE {schema}.import_runs (
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    id              uuid        NOT NULL PRIMARY KEY,
    instance_symbol text COLLATE "C" NOT NULL,
    unit_code       text COLLATE "C" NOT NULL,
    actor_email     text COLLATE "C" NOT NULL,
    file_name       text,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    status          integer     NOT NULL,
    rows_written    integer     NOT NULL,
    rows_refused    integer     NOT NULL
);

CREATE INDEX ix_import_runs_unit ON {schema}.import_runs (instance_symbol, unit_code, started_at DESC, seq DESC);
