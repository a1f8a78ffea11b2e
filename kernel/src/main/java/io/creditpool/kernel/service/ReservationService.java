package io.creditpool.kernel.service;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Member;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Reservation;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.port.in.ReleaseReservationCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.ReserveCreditsUseCase;
import io.creditpool.kernel.port.in.SettleReservationCommand;
import io.creditpool.kernel.port.in.SettleReservationUseCase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reservations for long pieces of work: credits are held (decided exactly as a consumption of the same amount, so
 * held credits count against the pool and the member's limit), then the real cost is settled and the rest released.
 * A reservation nobody ends releases itself at its expiry, when the team is next brought up to date
 * ({@link TeamCommands#catchUp}).
 */
@Singleton
public final class ReservationService implements ReserveCreditsUseCase, SettleReservationUseCase {
    private final TeamCommands commands;
    private final ConsumptionService consumption;

    @Inject
    public ReservationService(TeamCommands commands, ConsumptionService consumption) {
        this.commands = commands;
        this.consumption = consumption;
    }

    @Override
    public Decision reserve(ReserveCreditsCommand c) {
        return consumption.followUp(commands.run(c.team(), c.id(), c, (team, plan, now) -> {
            if (team.reservation(c.id()).isPresent()) {
                // cannot happen while reservations are named by request ids, which apply once; kept as a guard
                return new ConsumptionService.Consumed(Decision.deny(DenialCode.REQUEST_CONFLICT, "id: reservation '"
                        + c.id() + "' is open already", List.of(KernelRules.REQUEST_ONCE), team.balance()));
            }
            Instant expiresAt = now.plus(c.holdFor());
            return consumption.decide(team, plan, now, c.member(), c.credits(),
                    (t, member) -> t.reserve(member, c.credits(), now, expiresAt, c.id()));
        }, ConsumptionService.Consumed::new));
    }

    @Override
    public Decision settle(SettleReservationCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> new TeamCommands.Decided(
                end(team, now, c.member(), c.reservation(), c.credits(), LedgerEntry.Ending.SETTLED, c.id())));
    }

    @Override
    public Decision release(ReleaseReservationCommand c) {
        return commands.run(c.team(), c.id(), c, (team, plan, now) -> new TeamCommands.Decided(
                end(team, now, c.member(), c.reservation(), 0, LedgerEntry.Ending.RELEASED, c.id())));
    }

    /** Settles or releases: the acting member must be known and allowed, the reservation open, the cost within it. */
    private static Decision end(Team team, Instant now, MemberId by, RequestId reservation, long consumed,
            LedgerEntry.Ending ending, RequestId requestId) {
        Optional<Decision> unknown = TeamCommands.unknownMember(team, "member", by);
        if (unknown.isPresent()) {
            return unknown.get();
        }
        Optional<Reservation> open = team.reservation(reservation);
        if (open.isEmpty()) {
            // invalid-input naming the field, as for a plan the table does not have: the request names nothing open
            return Decision.deny(DenialCode.INVALID_INPUT, "reservation: no open reservation '" + reservation
                    + "' in team " + team.id() + " (never made, or already settled, released or expired)",
                    List.of(KernelRules.SETTLE_ONCE_WITHIN_HOLD), team.balance());
        }
        Reservation r = open.get();
        Member actor = team.member(by).orElseThrow();
        if (!actor.id().equals(r.member()) && !actor.role().manages()) {
            return Decision.deny(DenialCode.NOT_ALLOWED, "member: " + by + " is " + actor.role().asCalled()
                    + " and may not " + (ending == LedgerEntry.Ending.SETTLED ? "settle" : "release") + " a reservation of " + r.member(),
                    List.of(KernelRules.RESERVER_SETTLES), team.balance());
        }
        if (consumed > r.credits()) {
            return Decision.deny(DenialCode.INVALID_INPUT, "amount: " + consumed + " is more than the " + r.credits()
                    + " credits reservation '" + reservation + "' holds", List.of(KernelRules.SETTLE_ONCE_WITHIN_HOLD),
                    team.balance());
        }
        team.settle(reservation, by, ending, consumed, now, requestId);
        return Decision.accept(List.of(KernelRules.RESERVER_SETTLES, KernelRules.SETTLE_ONCE_WITHIN_HOLD),
                team.balance());
    }
}
