package io.creditpool;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.creditpool.adapters.Given;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.BuyTopUpUseCase;
import io.creditpool.kernel.port.in.ChangeRoleCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpUseCase;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.ConsumeCreditsUseCase;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.CreateTeamUseCase;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.ManageMembersUseCase;
import io.creditpool.kernel.port.in.ReleaseReservationCommand;
import io.creditpool.kernel.port.in.RemoveMemberCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.ReserveCreditsUseCase;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.SettleReservationCommand;
import io.creditpool.kernel.port.in.SettleReservationUseCase;
import io.creditpool.kernel.service.ConsumptionService;
import io.creditpool.kernel.service.MembershipService;
import io.creditpool.kernel.service.ReservationService;
import io.creditpool.kernel.service.TopUpService;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fluent API ({@code pool.teams()}, {@code pool.team(...)}) is a layer of names over the command records: each
 * of its calls hands the kernel the very record its twin would, is decided as the twin is (refusals included), names
 * a missing or wrong field, and leaves request ids as optional as they are.
 */
class FluentApiTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final TeamId BETA = TeamId.of("beta");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final MemberId ALICE = MemberId.of("alice");
    private static final MemberId BOB = MemberId.of("bob");

    @Test
    void eachFluentCallHandsTheKernelTheCommandRecordOfItsTwin() {
        Given given = Given.creditpool(b -> b.override(new AbstractModule() {
            @Override
            protected void configure() {
                bind(CreateTeamUseCase.class).to(RecordingUseCases.class);
                bind(ManageMembersUseCase.class).to(RecordingUseCases.class);
                bind(ConfigureAutoTopUpUseCase.class).to(RecordingUseCases.class);
                bind(ConsumeCreditsUseCase.class).to(RecordingUseCases.class);
                bind(ReserveCreditsUseCase.class).to(RecordingUseCases.class);
                bind(SettleReservationUseCase.class).to(RecordingUseCases.class);
                bind(BuyTopUpUseCase.class).to(RecordingUseCases.class);
            }
        }));
        Creditpool pool = given.pool;
        TeamHandle acme = pool.team("acme");

        pool.teams().create(NewTeam.named("acme").plan("ent").seats(3).owner("olivia").billingAnchorDay(1));
        pool.teams().create(NewTeam.named("beta").plan("std").seats(2).owner("olivia").requestId("t-2"));
        acme.as("olivia").invite("alice", Role.MEMBER);
        acme.as("olivia").requestId("inv-2").invite("bob", Role.ADMIN);
        acme.as("olivia").changeRole("bob", Role.MEMBER);
        acme.as("olivia").setLimit("alice", 300);
        acme.as("olivia").setLimit("bob", MemberLimit.UNLIMITED);
        acme.as("olivia").configureAutoTopUp(AutoTopUpSettings.below(200).buy(1000).monthlyCap(5000));
        acme.as("olivia").requestId("auto-off").configureAutoTopUp(AutoTopUpSettings.off());
        acme.as("olivia").requestId("buy-1").buyTopUp(1000);
        acme.as("alice").consume(120);
        acme.as("alice").requestId("gen-1").consume(100);
        acme.as("alice").reserve("job-7", 50);
        acme.as("alice").reserve("job-8", 40, Duration.ofMinutes(30));
        acme.as("alice").settle("job-7", 30);
        acme.as("olivia").requestId("rel-8").release("job-8");
        acme.as("olivia").remove("bob");

        assertThat(given.pool.component(RecordingUseCases.class).commands).containsExactly(
                new CreateTeamCommand(ACME, "ent", 3, OLIVIA, 1, null),
                new CreateTeamCommand(BETA, "std", 2, OLIVIA, null, RequestId.of("t-2")),
                new InviteMemberCommand(ACME, OLIVIA, ALICE, Role.MEMBER, null),
                new InviteMemberCommand(ACME, OLIVIA, BOB, Role.ADMIN, RequestId.of("inv-2")),
                new ChangeRoleCommand(ACME, OLIVIA, BOB, Role.MEMBER, null),
                new SetMemberLimitCommand(ACME, OLIVIA, ALICE, MemberLimit.of(300), null),
                new SetMemberLimitCommand(ACME, OLIVIA, BOB, MemberLimit.UNLIMITED, null),
                new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 200, 1000, 5000L, null),
                new ConfigureAutoTopUpCommand(ACME, OLIVIA, false, 0, 0, RequestId.of("auto-off")),
                new BuyTopUpCommand(ACME, OLIVIA, 1000, RequestId.of("buy-1")),
                new ConsumeCreditsCommand(ACME, ALICE, 120, null),
                new ConsumeCreditsCommand(ACME, ALICE, 100, RequestId.of("gen-1")),
                new ReserveCreditsCommand(ACME, ALICE, 50, null, RequestId.of("job-7")),
                new ReserveCreditsCommand(ACME, ALICE, 40, Duration.ofMinutes(30), RequestId.of("job-8")),
                new SettleReservationCommand(ACME, ALICE, RequestId.of("job-7"), 30, null),
                new ReleaseReservationCommand(ACME, OLIVIA, RequestId.of("job-8"), RequestId.of("rel-8")),
                new RemoveMemberCommand(ACME, OLIVIA, BOB, null));
    }

    @Test
    void eachFluentCallReachesTheDecisionOfItsRecordTwinRefusalsIncluded() {
        List<Step> steps = List.of(
                new Step("create acme",
                        p -> p.teams().create(NewTeam.named("acme").plan("ent").seats(2).owner("olivia")
                                .billingAnchorDay(1)),
                        p -> p.createTeam(new CreateTeamCommand(ACME, "ent", 2, OLIVIA, 1, null))),
                new Step("create beta",
                        p -> p.teams().create(NewTeam.named("beta").plan("std").seats(1).owner("olivia")),
                        p -> p.createTeam(new CreateTeamCommand(BETA, "std", 1, OLIVIA, null, null))),
                new Step("a plan the table does not have",
                        p -> p.teams().create(NewTeam.named("gamma").plan("platinum").seats(1).owner("olivia")),
                        p -> p.createTeam(new CreateTeamCommand(TeamId.of("gamma"), "platinum", 1, OLIVIA, null,
                                null))),
                new Step("invite alice",
                        p -> p.team("acme").as("olivia").requestId("inv-1").invite("alice", Role.MEMBER),
                        p -> p.invite(new InviteMemberCommand(ACME, OLIVIA, ALICE, Role.MEMBER,
                                RequestId.of("inv-1")))),
                new Step("a member inviting",
                        p -> p.team("acme").as("alice").invite("bob", Role.MEMBER),
                        p -> p.invite(new InviteMemberCommand(ACME, ALICE, BOB, Role.MEMBER, null))),
                new Step("no seat left",
                        p -> p.team("acme").as("olivia").invite("bob", Role.ADMIN),
                        p -> p.invite(new InviteMemberCommand(ACME, OLIVIA, BOB, Role.ADMIN, null))),
                new Step("a member setting a limit",
                        p -> p.team("acme").as("alice").setLimit("alice", 10_000),
                        p -> p.setLimit(new SetMemberLimitCommand(ACME, ALICE, ALICE, MemberLimit.of(10_000), null))),
                new Step("limit alice",
                        p -> p.team("acme").as("olivia").setLimit("alice", 300),
                        p -> p.setLimit(new SetMemberLimitCommand(ACME, OLIVIA, ALICE, MemberLimit.of(300), null))),
                new Step("consume",
                        p -> p.team("acme").as("alice").requestId("gen-1").consume(120),
                        p -> p.consume("acme", "alice", 120, "gen-1")),
                new Step("the replay",
                        p -> p.team("acme").as("alice").requestId("gen-1").consume(120),
                        p -> p.consume("acme", "alice", 120, "gen-1")),
                new Step("the same request id for another consumption",
                        p -> p.team("acme").as("alice").requestId("gen-1").consume(121),
                        p -> p.consume("acme", "alice", 121, "gen-1")),
                new Step("over alice's limit",
                        p -> p.team("acme").as("alice").consume(200),
                        p -> p.consume(new ConsumeCreditsCommand(ACME, ALICE, 200, null))),
                new Step("more than the pool holds",
                        p -> p.team("acme").as("olivia").consume(5_000),
                        p -> p.consume(new ConsumeCreditsCommand(ACME, OLIVIA, 5_000, null))),
                new Step("someone not in the team",
                        p -> p.team("acme").as("mallory").consume(1),
                        p -> p.consume(new ConsumeCreditsCommand(ACME, MemberId.of("mallory"), 1, null))),
                new Step("a team that does not exist",
                        p -> p.team("nowhere").as("alice").consume(1),
                        p -> p.consume(new ConsumeCreditsCommand(TeamId.of("nowhere"), ALICE, 1, null))),
                new Step("reserve",
                        p -> p.team("acme").as("alice").reserve("job-7", 100),
                        p -> p.reserve("acme", "alice", 100, null, "job-7")),
                new Step("settle",
                        p -> p.team("acme").as("alice").settle("job-7", 60),
                        p -> p.settle("acme", "alice", "job-7", 60, null)),
                new Step("settle it again",
                        p -> p.team("acme").as("alice").settle("job-7", 10),
                        p -> p.settle("acme", "alice", "job-7", 10, null)),
                new Step("reserve for half an hour",
                        p -> p.team("acme").as("alice").reserve("job-8", 50, Duration.ofMinutes(30)),
                        p -> p.reserve("acme", "alice", 50, Duration.ofMinutes(30), "job-8")),
                new Step("the owner releases it",
                        p -> p.team("acme").as("olivia").requestId("rel-8").release("job-8"),
                        p -> p.release("acme", "olivia", "job-8", "rel-8")),
                new Step("a member buying a top-up",
                        p -> p.team("acme").as("alice").buyTopUp(1000),
                        p -> p.buyTopUp(new BuyTopUpCommand(ACME, ALICE, 1000, null))),
                new Step("the owner buying one",
                        p -> p.team("acme").as("olivia").requestId("buy-1").buyTopUp(1000),
                        p -> p.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 1000, RequestId.of("buy-1")))),
                new Step("auto top-up on",
                        p -> p.team("acme").as("olivia").configureAutoTopUp(
                                AutoTopUpSettings.below(300).buy(1000).monthlyCap(10_000)),
                        p -> p.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, OLIVIA, true, 300, 1000,
                                10_000L, null))),
                new Step("a member turning it off",
                        p -> p.team("acme").as("alice").configureAutoTopUp(AutoTopUpSettings.off()),
                        p -> p.configureAutoTopUp(new ConfigureAutoTopUpCommand(ACME, ALICE, false, 0, 0, null))),
                new Step("auto top-up on a plan without it",
                        p -> p.team("beta").as("olivia").configureAutoTopUp(AutoTopUpSettings.below(100).buy(500)),
                        p -> p.configureAutoTopUp(new ConfigureAutoTopUpCommand(BETA, OLIVIA, true, 100, 500,
                                null))),
                new Step("down below the threshold",
                        p -> p.team("acme").as("olivia").consume(1_600),
                        p -> p.consume(new ConsumeCreditsCommand(ACME, OLIVIA, 1_600, null))),
                new Step("alice an admin",
                        p -> p.team("acme").as("olivia").changeRole("alice", Role.ADMIN),
                        p -> p.changeRole(new ChangeRoleCommand(ACME, OLIVIA, ALICE, Role.ADMIN, null))),
                new Step("the admin removing the owner",
                        p -> p.team("acme").as("alice").remove("olivia"),
                        p -> p.remove(new RemoveMemberCommand(ACME, ALICE, OLIVIA, null))),
                new Step("the owner removing alice",
                        p -> p.team("acme").as("olivia").requestId("rm-1").remove("alice"),
                        p -> p.remove(new RemoveMemberCommand(ACME, OLIVIA, ALICE, RequestId.of("rm-1")))));
        Given fluent = Given.creditpool();
        Given records = Given.creditpool();

        List<String> outcomes = new ArrayList<>();
        for (Step step : steps) {
            Decision byName = step.fluent.apply(fluent.pool);
            Decision byRecord = step.record.apply(records.pool);
            fluent.pool.settlePurchases();
            records.pool.settlePurchases();
            assertThat(byName).as(step.name).isEqualTo(byRecord);
            outcomes.add(byName.outcome());
        }

        // the steps go through acceptances and the refusals a host meets, so the comparison above means something
        assertThat(outcomes).contains("accepted", "plan-not-eligible", "not-allowed", "no-seats", "request-conflict",
                "member-limit", "insufficient-credits", "unknown-member", "unknown-team");
        for (TeamId team : List.of(ACME, BETA)) {
            assertThat(fluent.pool.metrics(team)).isEqualTo(records.pool.metrics(team));
            assertThat(fluent.ledgerOfAnyStore(team)).isEqualTo(records.ledgerOfAnyStore(team));
            assertThat(fluent.pool.team(team.value()).requests()).isEqualTo(records.pool.requests(team));
            assertThat(fluent.pool.team(team.value()).audit()).isEmpty();
        }
        assertThat(fluent.pool.team("acme").summary().orElseThrow().autoTopUp().spentThisCycle())
                .as("the auto top-up that consumption set off").isPositive();
    }

    @Test
    void aMissingOrWrongFieldIsNamedAndNothingChanges() {
        Given given = Given.creditpool();
        Creditpool pool = given.pool;
        pool.teams().create(NewTeam.named("acme").plan("ent").seats(3).owner("olivia"));
        TeamHandle acme = pool.team("acme");
        acme.as("olivia").invite("alice", Role.MEMBER);
        long ledger = acme.ledger().size();
        long balance = acme.balance();
        NewTeam nova = NewTeam.named("nova").plan("team").seats(3).owner("olivia");

        assertField("team", () -> pool.teams().create(NewTeam.named(null).plan("team").seats(3).owner("olivia")));
        assertField("team", () -> pool.teams().create(null));
        assertField("plan", () -> pool.teams().create(NewTeam.named("nova").seats(3).owner("olivia")));
        assertField("seats", () -> pool.teams().create(NewTeam.named("nova").plan("team").owner("olivia")));
        assertField("seats", () -> pool.teams().create(nova.seats(0)));
        assertField("owner", () -> pool.teams().create(NewTeam.named("nova").plan("team").seats(3)));
        assertField("owner", () -> pool.teams().create(nova.owner("not an id")));
        assertField("billing-anchor-day", () -> pool.teams().create(nova.billingAnchorDay(32)));
        assertField("id", () -> pool.teams().create(nova.requestId("not an id")));
        assertField("team", () -> pool.team(" "));

        assertField("by", () -> acme.as(null).invite("bob", Role.MEMBER));
        assertField("by", () -> acme.as("not an id").invite("bob", Role.MEMBER));
        assertField("member", () -> acme.as("olivia").invite(null, Role.MEMBER));
        assertField("member", () -> acme.as("olivia").invite("not an id", Role.MEMBER));
        assertField("role", () -> acme.as("olivia").invite("bob", null));
        assertField("role", () -> acme.as("olivia").invite("bob", Role.OWNER));
        assertField("role", () -> acme.as("olivia").changeRole("alice", null));
        assertField("by", () -> acme.as(null).remove("alice"));
        assertField("limit", () -> acme.as("olivia").setLimit("alice", -1));
        assertField("limit", () -> acme.as("olivia").setLimit("alice", (MemberLimit) null));
        assertField("settings", () -> acme.as("olivia").configureAutoTopUp(null));
        assertField("amount", () -> acme.as("olivia").configureAutoTopUp(AutoTopUpSettings.below(200)));
        assertField("threshold", () -> acme.as("olivia").configureAutoTopUp(AutoTopUpSettings.below(0).buy(10)));
        assertField("monthly_cap", () -> acme.as("olivia").configureAutoTopUp(
                AutoTopUpSettings.below(200).buy(1000).monthlyCap(0)));
        assertField("by", () -> acme.as(null).buyTopUp(1000));
        assertField("amount", () -> acme.as("olivia").buyTopUp(0));
        assertField("member", () -> acme.as(null).consume(10));
        assertField("member", () -> acme.as("not an id").consume(10));
        assertField("amount", () -> acme.as("alice").consume(0));
        assertField("id", () -> acme.as("alice").requestId("not an id"));
        assertField("reservation", () -> acme.as("alice").reserve(null, 10));
        assertField("reservation", () -> acme.as("alice").reserve("not an id", 10));
        assertField("hold-for", () -> acme.as("alice").reserve("job-1", 10, Duration.ofDays(2)));
        assertField("reservation", () -> acme.as("alice").settle(null, 10));
        assertField("reservation", () -> acme.as("alice").release("not an id"));
        assertField("amount", () -> acme.as("alice").settle("job-1", -1));

        assertThat(pool.team("nova").summary()).isEmpty();
        assertThat(acme.ledger()).hasSize((int) ledger);
        assertThat(acme.balance()).isEqualTo(balance);
        assertThat(acme.requests()).isEmpty();
    }

    @Test
    void aMemberWhoMayNotIsRefusedAsBefore() {
        Given given = Given.creditpool();
        given.pool.teams().create(NewTeam.named("acme").plan("ent").seats(3).owner("olivia"));
        TeamHandle acme = given.pool.team("acme");
        acme.as("olivia").invite("alice", Role.MEMBER);
        long balance = acme.balance();

        Decision invite = acme.as("alice").invite("bob", Role.MEMBER);
        Decision topUp = acme.as("alice").buyTopUp(1000);
        Decision limit = acme.as("alice").setLimit("alice", MemberLimit.UNLIMITED);

        for (Decision d : List.of(invite, topUp, limit)) {
            assertThat(d.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
            assertThat(d.field()).isEqualTo("by");
        }
        assertThat(topUp.reasonForPeople()).isEqualTo("alice is a member and may not buy top-ups");
        assertThat(acme.balance()).isEqualTo(balance);
        assertThat(acme.summary().orElseThrow().members()).hasSize(2);
        assertThat(given.sandbox.attempts()).isZero();
    }

    @Test
    void withoutARequestIdACommandIsNotIdempotentAsBefore() {
        Given given = Given.creditpool();
        given.pool.teams().create(NewTeam.named("acme").plan("ent").seats(3).owner("olivia"));
        TeamHandle acme = given.pool.team("acme");
        long start = acme.balance();

        acme.as("olivia").consume(10);
        acme.as("olivia").consume(10);
        assertThat(acme.balance()).as("two consumptions without a request id").isEqualTo(start - 20);

        ActingMember once = acme.as("olivia").requestId("gen-1");
        Decision first = once.consume(10);
        Decision replay = once.consume(10);
        assertThat(replay).isEqualTo(first);
        assertThat(acme.balance()).as("a replay changes nothing").isEqualTo(start - 30);
        assertThat(once.consume(11).denial()).as("one request id, another command")
                .isEqualTo(DenialCode.REQUEST_CONFLICT);
        assertThat(acme.requests()).extracting(r -> r.id().value()).containsExactly("gen-1");
    }

    @Test
    void aReservationIsNamedOnceByItsRequestId() {
        Given given = Given.creditpool();
        given.pool.teams().create(NewTeam.named("acme").plan("ent").seats(3).owner("olivia"));
        TeamHandle acme = given.pool.team("acme");

        assertField("id", () -> acme.as("olivia").requestId("other").reserve("job-1", 10));
        assertThat(acme.as("olivia").requestId("job-1").reserve("job-1", 10).accepted()).isTrue();
        assertThat(acme.as("olivia").reserve("job-1", 10).accepted()).as("the replay").isTrue();
        assertThat(acme.summary().orElseThrow().held()).isEqualTo(10);
    }

    @Test
    void aHandleOfATeamThatDoesNotExistReadsNothingAndItsCommandsAreDenied() {
        Given given = Given.creditpool();
        TeamHandle nowhere = given.pool.team("nowhere");

        assertThat(nowhere.id()).isEqualTo(TeamId.of("nowhere"));
        assertThat(nowhere.summary()).isEmpty();
        assertThatThrownBy(nowhere::balance).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("nowhere");
        assertThat(nowhere.ledger()).isEmpty();
        assertThat(nowhere.ledgerPage(10).size()).isZero();
        assertThat(nowhere.as("olivia").consume(1).denial()).isEqualTo(DenialCode.UNKNOWN_TEAM);
    }

    @Test
    void aNewTeamIsAValueEachStepLeavesAsItWas() {
        NewTeam template = NewTeam.named("acme").plan("team").owner("olivia");
        NewTeam three = template.seats(3);

        assertThat(template.seats(3)).isEqualTo(three).hasSameHashCodeAs(three);
        assertThatThrownBy(template::command).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("seats"));
        assertThat(three.command()).isEqualTo(new CreateTeamCommand(ACME, "team", 3, OLIVIA, null, null));
        assertThat(three).hasToString(
                "NewTeam[team=acme, plan=team, seats=3, owner=olivia, billingAnchorDay=null, requestId=null]");
    }

    private static void assertField(String field, ThrowingCallable call) {
        assertThatThrownBy(call).as(field).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).as(e.getMessage()).isEqualTo(field));
    }

    private record Step(String name, Function<Creditpool, Decision> fluent, Function<Creditpool, Decision> record) {
    }

    /** The use cases as wired, and every command record that reaches them, in order. */
    @Singleton
    static final class RecordingUseCases implements CreateTeamUseCase, ManageMembersUseCase,
            ConfigureAutoTopUpUseCase, ConsumeCreditsUseCase, ReserveCreditsUseCase, SettleReservationUseCase,
            BuyTopUpUseCase {
        final List<Object> commands = Collections.synchronizedList(new ArrayList<>());
        private final MembershipService members;
        private final ConsumptionService consumption;
        private final ReservationService reservations;
        private final TopUpService topUps;

        @Inject
        RecordingUseCases(MembershipService members, ConsumptionService consumption, ReservationService reservations,
                TopUpService topUps) {
            this.members = members;
            this.consumption = consumption;
            this.reservations = reservations;
            this.topUps = topUps;
        }

        private <C> C recorded(C command) {
            commands.add(command);
            return command;
        }

        @Override
        public Decision createTeam(CreateTeamCommand command) {
            return members.createTeam(recorded(command));
        }

        @Override
        public Decision invite(InviteMemberCommand command) {
            return members.invite(recorded(command));
        }

        @Override
        public Decision remove(RemoveMemberCommand command) {
            return members.remove(recorded(command));
        }

        @Override
        public Decision changeRole(ChangeRoleCommand command) {
            return members.changeRole(recorded(command));
        }

        @Override
        public Decision setLimit(SetMemberLimitCommand command) {
            return members.setLimit(recorded(command));
        }

        @Override
        public Decision configureAutoTopUp(ConfigureAutoTopUpCommand command) {
            return members.configureAutoTopUp(recorded(command));
        }

        @Override
        public Decision consume(ConsumeCreditsCommand command) {
            return consumption.consume(recorded(command));
        }

        @Override
        public Decision reserve(ReserveCreditsCommand command) {
            return reservations.reserve(recorded(command));
        }

        @Override
        public Decision settle(SettleReservationCommand command) {
            return reservations.settle(recorded(command));
        }

        @Override
        public Decision release(ReleaseReservationCommand command) {
            return reservations.release(recorded(command));
        }

        @Override
        public Decision buyTopUp(BuyTopUpCommand command) {
            return topUps.buyTopUp(recorded(command));
        }
    }
}
