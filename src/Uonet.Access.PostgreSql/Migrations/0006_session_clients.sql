-- Schema version 6: what the account holder sees of each session in the list of their sessions (ASVS 5.0 7.5.2): a
-- short description of the client (browser and system, never the raw User-Agent) and the client's network, cut to
-- /24 (IPv4) or /48 (IPv6) so that no full address is kept.

ALTER TABLE {schema}.sessions ADD COLUMN client_description text;
ALTER TABLE {schema}.sessions ADD COLUMN client_network     text;
