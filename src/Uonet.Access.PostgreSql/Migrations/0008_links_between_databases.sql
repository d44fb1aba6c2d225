-- Schema version 8: links between accounts kept in two databases (PostgreSqlShardRouter spreads instances over several
-- PostgreSQL servers). A foreign key cannot reach another database, so each database keeps its own account's side of
-- the link, naming the other account and its instance; the router counts a link only while both sides exist, so a side
-- left alone by a failure in the middle of linking or unlinking links nothing.

CREATE TABLE {schema}.remote_account_links (
    account_id             uuid        NOT NULL REFERENCES {schema}.accounts (id),
    linked_account_id      uuid        NOT NULL,
    linked_instance_symbol text COLLATE "C" NOT NULL,
    created_at             timestamptz NOT NULL,
    PRIMARY KEY (account_id, linked_account_id)
);

CREATE INDEX ix_remote_account_links_linked ON {schema}.remote_account_links (linked_account_id);
