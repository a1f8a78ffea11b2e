package io.creditpool.kernel.domain;

import java.time.Instant;
import java.util.List;

/**
 * One row of a team's append-only ledger. The balance can always be recomputed from it:
 * granted - expired - consumed - held by open reservations = balance (the sum of {@link #balanceChange()}).
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
     * Credits a member spent, with the grants they were drawn from in burn order, the member's monthly limit at the
     * time (the lower of the owner's or an admin's and their own), and the group they count against with its cap at
     * the time ({@code group} and {@code groupCap} null: the member was in no group), so an audit can check every
     * consumption against the limit and the cap that applied to it.
     */
    record CreditsConsumed(Instant at, MemberId member, long credits, List<Draw> draws, MemberLimit limit,
            RequestId requestId, GroupId group, GroupCap groupCap)
            implements LedgerEntry {
        public CreditsConsumed {
            draws = List.copyOf(draws);
            if ((group == null) != (groupCap == null)) {
                throw new IllegalArgumentException("a consumption in a group records the group's cap, one in none "
                        + "records none");
            }
        }

        /** A consumption of a member in no group. */
        public CreditsConsumed(Instant at, MemberId member, long credits, List<Draw> draws, MemberLimit limit,
                RequestId requestId) {
            this(at, member, credits, draws, limit, requestId, null, null);
        }

        @Override
        public long balanceChange() {
            return -credits;
        }
    }

    /**
     * One grant a reservation holds credits from, with what is needed to give them back to it even after it
     * reached 0 and left the pool: its size, when it was granted, when it expires (null: never), its burn priority.
     */
    record HeldDraw(long grantId, GrantSource source, long credits, long granted, Instant grantedAt,
            Instant expiresAt, int burnPriority) {
        public Draw draw() {
            return new Draw(grantId, source, credits);
        }

        /** The same grant holding {@code part} of these credits. */
        public HeldDraw part(long part) {
            return new HeldDraw(grantId, source, part, granted, grantedAt, expiresAt, burnPriority);
        }

        /** True when the grant has expired at {@code at}: credits given back to it then expire at once. */
        public boolean grantExpiredAt(Instant at) {
            return expiresAt != null && !at.isBefore(expiresAt);
        }
    }

    /**
     * Credits a member holds for work in progress ({@code reservation}, named by the request that made it): drawn
     * from grants in burn order, out of the pool and counted in the member's usage until the reservation is settled,
     * released or expires at {@code expiresAt}; with the member's monthly limit at the time, and the group the held
     * credits count against with its cap at the time (both null: none).
     */
    record CreditsReserved(Instant at, RequestId reservation, MemberId member, long credits, List<HeldDraw> draws,
            Instant expiresAt, MemberLimit limit, GroupId group, GroupCap groupCap) implements LedgerEntry {
        public CreditsReserved {
            draws = List.copyOf(draws);
            if ((group == null) != (groupCap == null)) {
                throw new IllegalArgumentException("a reservation in a group records the group's cap, one in none "
                        + "records none");
            }
        }

        /** A reservation of a member in no group. */
        public CreditsReserved(Instant at, RequestId reservation, MemberId member, long credits, List<HeldDraw> draws,
                Instant expiresAt, MemberLimit limit) {
            this(at, reservation, member, credits, draws, expiresAt, limit, null, null);
        }

        @Override
        public long balanceChange() {
            return -credits;
        }
    }

    /** How a reservation ended: settled with its real cost, released by a member, or expired by itself. */
    enum Ending {
        SETTLED, RELEASED, EXPIRED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The end of a reservation: {@code consumed} of the {@code reserved} credits are spent (drawn from the
     * soonest-expiring of what was held: {@code consumedDraws}) and the rest goes back to the grants it came from
     * ({@code releasedDraws}); what goes back to a grant that has expired meanwhile expires at once, in a
     * {@link CreditsExpired} entry right after this one. {@code by} is the member who settled or released it (null
     * when it expired), {@code requestId} the request that did (or null).
     */
    record ReservationSettled(Instant at, RequestId reservation, MemberId member, MemberId by, Ending ending,
            long reserved, long consumed, List<Draw> consumedDraws, List<Draw> releasedDraws, RequestId requestId)
            implements LedgerEntry {
        public ReservationSettled {
            consumedDraws = List.copyOf(consumedDraws);
            releasedDraws = List.copyOf(releasedDraws);
        }

        /** The held credits go back to their grants, all but the consumed ones. */
        @Override
        public long balanceChange() {
            return reserved - consumed;
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
