package io.creditpool.adapters.jdbc;

import io.creditpool.kernel.port.out.StoreUnavailableException;

import java.sql.Connection;
import java.sql.SQLException;

/** One short transaction on the store's database, outside the teams' lanes: API keys, webhook endpoints. */
final class JdbcWork {
    private JdbcWork() {
    }

    /** Work on one connection; what it throws rolls the transaction back. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work}, which may write, in a transaction of its own and commits it (on SQLite the transaction takes
     * the write lock first). A database that fails is a {@link StoreUnavailableException} saying that {@code what}
     * could not be read or written.
     */
    static <T> T inTransaction(JdbcCreditStore store, String what, Work<T> work) {
        return run(store, what, true, work);
    }

    /** Runs {@code work}, which only reads, in a transaction of its own (on SQLite it waits for no writer). */
    static <T> T read(JdbcCreditStore store, String what, Work<T> work) {
        return run(store, what, false, work);
    }

    /**
     * Runs the work in a transaction; one that fails to serialize or deadlocks ({@code 40001}, {@code 40P01}: nothing
     * of it was applied) runs again, afresh, up to {@link JdbcCreditStore#MAX_ATTEMPTS} times with a jittered pause.
     */
    private static <T> T run(JdbcCreditStore store, String what, boolean writes, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = store.dataSource().getConnection()) {
                try {
                    if (writes) {
                        store.dialect().beginWrite(c);
                    }
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < JdbcCreditStore.MAX_ATTEMPTS && serializationFailure(e)) {
                    JdbcCreditStore.backOff(attempt);
                    continue;
                }
                throw new StoreUnavailableException(what + " at " + store.settings() + " could not be read or "
                        + "written: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
            }
        }
    }

    private static boolean serializationFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState())
                    || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
