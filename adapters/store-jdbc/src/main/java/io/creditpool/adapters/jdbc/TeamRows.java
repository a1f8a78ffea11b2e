package io.creditpool.adapters.jdbc;

import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The move of teams kept as one document (before schema version 7) into a settings row and part rows. */
public final class TeamRows {
    private TeamRows() {
    }

    /**
     * Splits every team whose row still holds its whole state: its row keeps its settings, each part gets a row.
     * Runs inside the migration's transaction, a team at a time, reading teams in pages so memory stays small.
     */
    public static void splitDocuments(Connection c) throws SQLException {
        String after = "";
        while (true) {
            List<String[]> page = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT team_id, state FROM creditpool_team "
                    + "WHERE team_id > ? ORDER BY team_id FETCH FIRST 200 ROWS ONLY")) {
                s.setString(1, after);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        page.add(new String[] {r.getString(1), r.getString(2)});
                    }
                }
            }
            if (page.isEmpty()) {
                return;
            }
            for (String[] row : page) {
                Team team = TeamCodec.readTeam(TeamId.of(row[0]), row[1]);
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE creditpool_team SET state = ?, version = 1 WHERE team_id = ?")) {
                    s.setString(1, TeamCodec.writeHeader(team));
                    s.setString(2, row[0]);
                    s.executeUpdate();
                }
                insertParts(c, team.id(), TeamCodec.allParts(team));
            }
            after = page.get(page.size() - 1)[0];
        }
    }

    /** Inserts the rows of parts that are new to the table. */
    static void insertParts(Connection c, TeamId team, List<TeamCodec.Part> parts) throws SQLException {
        if (parts.isEmpty()) {
            return;
        }
        try (PreparedStatement s = BatchStatements.prepare(c, "INSERT INTO creditpool_team_part "
                + "(team_id, kind, part_key, ord, data) VALUES (?, ?, ?, ?, ?)")) {
            for (TeamCodec.Part p : parts) {
                s.setString(1, team.value());
                s.setString(2, p.kind());
                s.setString(3, p.key());
                s.setLong(4, p.order());
                s.setString(5, p.data());
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
