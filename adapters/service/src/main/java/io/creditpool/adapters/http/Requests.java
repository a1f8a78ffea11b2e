package io.creditpool.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.Credits;
import io.creditpool.kernel.domain.Group;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
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

    /** {@code PUT /v1/teams/{team}/members/{member}/own-limit}: a whole number of credits, or {@code "unlimited"}. */
    record OwnLimit(MemberLimit limit) {
        static final Set<String> FIELDS = Set.of("limit");

        static OwnLimit from(JsonBody body) {
            return new OwnLimit(Limit.from(body).limit());
        }
    }

    /** {@code POST /v1/teams/{team}/groups}: an id, a name (default: the id) and a cap (default: unlimited). */
    record NewGroup(GroupId group, String name, GroupCap cap) {
        static final Set<String> FIELDS = Set.of("group", "name", "cap");

        static NewGroup from(JsonBody body) {
            GroupId group = named("group", () -> GroupId.of(body.text("group")));
            String name = body.has("name") ? named("name", () -> Group.checkName(body.text("name"))) : null;
            return new NewGroup(group, name, body.has("cap") ? Requests.cap(body.node("cap")) : null);
        }
    }

    /** {@code PATCH /v1/teams/{team}/groups/{group}}: a new name, a new cap, or both. */
    record GroupChange(String name, GroupCap cap) {
        static final Set<String> FIELDS = Set.of("name", "cap");

        static GroupChange from(JsonBody body) {
            String name = body.has("name") ? named("name", () -> Group.checkName(body.text("name"))) : null;
            GroupCap cap = body.has("cap") ? Requests.cap(body.node("cap")) : null;
            if (name == null && cap == null) {
                throw Problems.invalid("name", "give the group a new name, a new cap (a whole number or "
                        + "\"unlimited\"), or both");
            }
            return new GroupChange(name, cap);
        }
    }

    /**
     * {@code PUT /v1/teams/{team}/members/{member}/group}: the one group the member is in from now on, or null for
     * none (a member belongs to at most one group).
     */
    record GroupOf(GroupId group) {
        static final Set<String> FIELDS = Set.of("group");

        static GroupOf from(JsonBody body) {
            if (!body.present("group")) {
                throw Problems.invalid("group", "is required: a group's id, or null for no group");
            }
            JsonNode value = body.optionalNode("group");
            if (value.isNull()) {
                return new GroupOf(null);
            }
            if (value.isArray()) {
                throw Problems.invalid("group", "a member belongs to at most one group: give one group's id, or "
                        + "null for no group");
            }
            if (!value.isTextual()) {
                throw Problems.invalid("group", "must be a group's id (a string) or null");
            }
            return new GroupOf(named("group", () -> GroupId.of(value.textValue())));
        }
    }

    /** A group's cap as sent: a whole number of credits (0 or more), or {@code "unlimited"}. */
    static GroupCap cap(JsonNode value) {
        if (value.isTextual()) {
            if (!value.textValue().equals("unlimited")) {
                throw Problems.invalid("cap", "must be a whole number of credits or \"unlimited\", was '"
                        + value.textValue() + "'");
            }
            return GroupCap.UNLIMITED;
        }
        long credits = JsonBody.whole("cap", value);
        return named("cap", () -> GroupCap.of(credits));
    }

    /** A group id in a path. */
    static GroupId groupId(String value) {
        return named("group", () -> GroupId.of(value));
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
