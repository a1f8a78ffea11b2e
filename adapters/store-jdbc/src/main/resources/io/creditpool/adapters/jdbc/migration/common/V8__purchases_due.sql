-- When each pending purchase may be claimed by a purchase worker (its nextAttemptAt), kept on its part row and
-- indexed, so the workers' poll for due purchases reads what it finds, not every team. Null for every other part.
-- Purchases pending before this version are made due at once: a worker claims each and looks it up before charging.
ALTER TABLE creditpool_team_part ADD COLUMN due_at TIMESTAMP WITH TIME ZONE;
UPDATE creditpool_team_part SET due_at = CURRENT_TIMESTAMP WHERE kind = 'purchase';
CREATE INDEX creditpool_team_part_due ON creditpool_team_part (due_at);
