-- When each request id's decision was made, so a team's requests (denied ones included, which its ledger does not
-- hold) can be told in order: ledger export writes them into the scenario it makes. Null for requests recorded before.
ALTER TABLE creditpool_request ADD COLUMN decided_at TIMESTAMP WITH TIME ZONE;
