-- A team's state in rows a command changes one at a time, so that what a command writes follows what it changed, not
-- the team's size: the team's row keeps its own settings (plan, seats, cycle, auto top-up, ...) as a small document,
-- its balance and a version that every write moves on (an instance that keeps the team decoded in memory compares it);
-- each member, member's usage, open grant, open reservation and pending purchase is a row of creditpool_team_part.
-- Every table is keyed by team first. V7 moves the state of teams written before into these rows.
ALTER TABLE creditpool_team ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;

CREATE TABLE creditpool_team_part (
    team_id  VARCHAR(128) NOT NULL,
    kind     VARCHAR(16)  NOT NULL,   -- member, usage, grant, reservation, purchase
    part_key VARCHAR(256) NOT NULL,   -- the member, grant, reservation or purchase it is about
    ord      BIGINT       NOT NULL,   -- the order the team made its parts in (members in the order they joined)
    data     VARCHAR      NOT NULL,
    PRIMARY KEY (team_id, kind, part_key)
);
