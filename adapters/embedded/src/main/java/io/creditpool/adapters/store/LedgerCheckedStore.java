package io.creditpool.adapters.store;

import java.util.List;

/** A store whose database can check itself that every stored balance equals the sum of its team's ledger. */
public interface LedgerCheckedStore {
    /** For each team whose stored balance differs from its ledger's sum, a line saying so ("team ID: ..."). */
    List<String> ledgerMismatches();
}
