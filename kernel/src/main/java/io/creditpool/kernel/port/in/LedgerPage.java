package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.LedgerEntry;

import java.util.List;

/**
 * A run of consecutive entries of a team's ledger, oldest first: {@code entries.get(i)} is entry number
 * {@code firstSeq + i} (entries are numbered from 1 in the order they were written).
 *
 * @param size how many entries the whole ledger held when the page was read (0: the team does not exist)
 */
public record LedgerPage(long firstSeq, List<LedgerEntry> entries, long size) {
    public LedgerPage {
        entries = List.copyOf(entries);
    }
}
