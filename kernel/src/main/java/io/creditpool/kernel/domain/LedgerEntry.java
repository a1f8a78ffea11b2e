package io.creditpool.kernel.domain;

import java.time.Instant;
import java.util.List;

/**
 * One row of a team's append-only ledger. The balance can always be recomputed from it:
 * granted - expired - consumed = balance.
 */
public sealed interface LedgerEntry {
    Instant at();

    /** The change this entry makes to the balance. */
    long balanceChange();

    /** Credits added to the pool. */
    record CreditsGranted(Instant at, long grantId, GrantSource source, long credits, Instant expiresAt,
            List<String> rules) implements LedgerEntry {
        public CreditsGranted {
            rules = List.copyOf(rules);
        }

        @Override
        public long balanceChange() {
            return credits;
        }
    }

    /** What was left of a grant when it expired. */
    record CreditsExpired(Instant at, long grantId, GrantSource source, long credits) implements LedgerEntry {
        @Override
        public long balanceChange() {
            return -credits;
        }
    }

    /** One grant a consumption drew from, and how much. */
    record Draw(long grantId, GrantSource source, long credits) {
    }

    /**
     * Credits a member spent, with the grants they were drawn from in burn order and the member's monthly limit
     * at the time (so an audit can check every consumption against the limit that applied to it).
     */
    record CreditsConsumed(Instant at, MemberId member, long credits, List<Draw> draws, MemberLimit limit,
            RequestId requestId)
            implements LedgerEntry {
        public CreditsConsumed {
            draws = List.copyOf(draws);
        }

        @Override
        public long balanceChange() {
            return -credits;
        }
    }

    /** A payment attempt for a top-up, successful or not. */
    record ChargeAttempted(Instant at, String idempotencyKey, GrantSource source, long credits, Money price,
            boolean succeeded, String reference) implements LedgerEntry {
        @Override
        public long balanceChange() {
            return 0;
        }
    }

    /** A change of membership, role, limit or auto top-up settings, and who made it. */
    record SettingChanged(Instant at, MemberId by, String setting, String value) implements LedgerEntry {
        @Override
        public long balanceChange() {
            return 0;
        }
    }
}
