package io.creditpool.adapters.jdbc.migration.common;

import io.creditpool.adapters.jdbc.TeamRows;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves every team written as one document (schema versions 1 to 6) into its row's settings and its part rows, with
 * its data: nothing is recomputed, so balances, ledgers and request records stay as they were and audit clean.
 */
public final class V7__Team_state_into_parts extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        TeamRows.splitDocuments(context.getConnection());
    }
}
