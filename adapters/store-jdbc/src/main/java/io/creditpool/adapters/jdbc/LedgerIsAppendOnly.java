package io.creditpool.adapters.jdbc;


import org.h2.api.Trigger;

import java.sql.Connection;
import java.sql.SQLException;

/** H2's trigger on the ledger: an entry is never changed or removed (PostgreSQL has the same as a PL/pgSQL trigger). */
public final class LedgerIsAppendOnly implements Trigger {
    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("the Creditpool ledger is append-only: " + (newRow == null ? "DELETE" : "UPDATE")
                + " on creditpool_ledger is refused", "23000");
    }
}
