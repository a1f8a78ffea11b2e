package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.Credits;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;

import java.util.Set;
import java.util.function.Supplier;

/**
 * The request bodies, one record each: {@code from} reads the fields a {@link JsonBody} holds and checks what the
 * kernel's commands would check under another name, so every 400 names the field as the caller wrote it.
 */
final class Requests {
    private Requests() {
    }

    /** {@code POST /v1/teams}. */
    record CreateTeam(String team, String plan, int seats, MemberId owner, Integer billingAnchorDay) {
        static final Set<String> FIELDS = Set.of("team", "plan", "seats", "owner", "billing_anchor_day");

        static CreateTeam from(JsonBody body) {
            Integer anchorDay = body.optionalInt("billing_anchor_day");
            if (anchorDay != null) {
                named("billing_anchor_day", () -> BillingCycle.checkAnchorDay(anchorDay));
            }
            return new CreateTeam(body.text("team"), body.text("plan"), body.wholeInt("seats"),
                    memberId("owner", body.text("owner")), anchorDay);
        }
    }

    /** {@code POST /v1/teams/{team}/members}. */
    record Invite(MemberId member, Role role) {
        static final Set<String> FIELDS = Set.of("member", "role");

        static Invite from(JsonBody body) {
            return new Invite(memberId("member", body.text("member")), Role.assignable("role", body.text("role")));
        }
    }

    /** {@code PATCH /v1/teams/{team}/members/{member}}. */
    record ChangeRole(Role role) {
        static final Set<String> FIELDS = Set.of("role");

        static ChangeRole from(JsonBody body) {
            return new ChangeRole(Role.assignable("role", body.text("role")));
        }
    }

    /** {@code PUT /v1/teams/{team}/members/{member}/limit}: a whole number of credits, or {@code "unlimited"}. */
    record Limit(MemberLimit limit) {
        static final Set<String> FIELDS = Set.of("limit");

        static Limit from(JsonBody body) {
            JsonNode value = body.node("limit");
            if (value.isTextual()) {
                if (!value.textValue().equals("unlimited")) {
                    throw Problems.invalid("limit", "must be a whole number of credits or \"unlimited\", was '"
                            + value.textValue() + "'");
                }
                return new Limit(MemberLimit.UNLIMITED);
            }
            long credits = JsonBody.whole("limit", value);
            return new Limit(named("limit", () -> MemberLimit.of(credits)));
        }
    }

    /** {@code POST .../consumptions} and {@code POST .../top-ups}. */
    record CreditsAmount(long credits) {
        static final Set<String> FIELDS = Set.of("credits");

        static CreditsAmount from(JsonBody body) {
            long credits = body.whole("credits");
            return new CreditsAmount(Credits.positive("credits", credits));
        }
    }

    /** {@code POST /v1/teams/{team}/reservations}: credits to hold, and for how long (seconds; default 15 minutes). */
    record Reserve(long credits, java.time.Duration holdFor) {
        static final Set<String> FIELDS = Set.of("credits", "hold_for_seconds");

        static Reserve from(JsonBody body) {
            long credits = Credits.positive("credits", body.whole("credits"));
            Long seconds = body.optionalWhole("hold_for_seconds");
            java.time.Duration holdFor = seconds == null ? null : java.time.Duration.ofSeconds(seconds);
            named("hold_for_seconds", () -> io.creditpool.kernel.domain.Reservation.hold(holdFor));
            return new Reserve(credits, holdFor);
        }
    }

    /** {@code POST /v1/teams/{team}/reservations/{reservation}/settle}: what the work really cost, 0 or more. */
    record Settle(long credits) {
        static final Set<String> FIELDS = Set.of("credits");

        static Settle from(JsonBody body) {
            long credits = body.whole("credits");
            if (credits < 0) {
                throw Problems.invalid("credits", "must be 0 or more, was " + credits);
            }
            return new Settle(credits);
        }
    }

    /**
     * {@code PUT /v1/teams/{team}/auto-top-up}: {@code enabled}; when true also {@code threshold} and {@code amount},
     * and {@code monthly_cap} (minor units, optional, null for none). When false the others may be left out.
     */
    record AutoTopUp(boolean enabled, long threshold, long amount, Long monthlyCap) {
        static final Set<String> FIELDS = Set.of("enabled", "threshold", "amount", "monthly_cap");

        static AutoTopUp from(JsonBody body) {
            boolean enabled = body.bool("enabled");
            if (!enabled) {
                return new AutoTopUp(false, 0, 0, null);
            }
            return new AutoTopUp(true, Credits.positive("threshold", body.whole("threshold")),
                    Credits.positive("amount", body.whole("amount")), body.optionalWhole("monthly_cap"));
        }
    }

    /** A member id given in {@code field}. */
    static MemberId memberId(String field, String value) {
        return named(field, () -> MemberId.of(value));
    }

    /** A request id given in {@code field}, or null when it was not given. */
    static RequestId requestId(String field, String value) {
        return value == null ? null : named(field, () -> RequestId.of(value));
    }

    /** Makes a value, reporting bad input under {@code field}, the name the caller used. */
    static <T> T named(String field, Supplier<T> make) {
        try {
            return make.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.reason());
        }
    }
}
