-- Schema version 3: the second-factor ticket of a sign-in that passed the password step (two-step sign-in). Only the
-- hash of the ticket's secret is kept, on the account, so that using the code and the ticket is one conditional write.

ALTER TABLE {schema}.accounts ADD COLUMN second_factor_ticket_hash text;
ALTER TABLE {schema}.accounts ADD COLUMN second_factor_expires_at  timestamptz;
ALTER TABLE {schema}.accounts ADD COLUMN second_factor_client_hash text;
