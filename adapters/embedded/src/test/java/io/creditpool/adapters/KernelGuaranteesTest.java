package io.creditpool.adapters;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.service.KernelRules;
import io.creditpool.rules.RuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static io.creditpool.adapters.Given.OLIVIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rules decide, kernel guarantees: an analyst's mistake in the DRL files cannot make the balance negative, take a
 * member past their limit, or grant credits from nowhere.
 */
class KernelGuaranteesTest {
    @TempDir
    Path rules;

    private Given withRules(Map<String, String> replaced) throws IOException {
        return Given.withRules(rules, replaced);
    }

    private static final String ACCEPT_EVERYTHING = """
            package io.creditpool.rules;
            import io.creditpool.rules.facts.Consumption;
            import io.creditpool.rules.facts.Verdict;
            rule "Every consumption is accepted"
                agenda-group "decide"
            when
                Consumption()
                $verdict : Verdict()
            then
                modify( $verdict ) { setAccepted( true ) }
            end
            """;

    @Test
    void rulesThatAcceptEveryConsumptionStillCannotTakeTheBalanceBelowZero() throws IOException {
        Given given = withRules(Map.of("consumption-order.drl", ACCEPT_EVERYTHING.replace("rule \"Every",
                "rule \"Plan credits first\" when $g : io.creditpool.rules.facts.NewGrant() then $g.setBurnPriority(0); end\nrule \"Every"),
                "member-limits.drl", "package io.creditpool.rules;\n")).team(ENT, 2);

        Decision decision = given.consume(ALICE, 1001, null);

        assertThat(decision.denial()).isEqualTo(DenialCode.INSUFFICIENT_CREDITS);
        // what the rules said (they accepted, and so thought the pool would run low), then the kernel's guarantee
        assertThat(decision.rules()).startsWith("Every consumption is accepted").endsWith(KernelRules.NEVER_NEGATIVE);
        assertThat(given.metrics().balance()).isEqualTo(1000);
        given.assertGuaranteesHold();
    }

    @Test
    void rulesWithoutMemberLimitsStillCannotTakeALimitedMemberPastTheirLimit() throws IOException {
        Given given = withRules(Map.of("consumption-order.drl", ACCEPT_EVERYTHING.replace("rule \"Every",
                "rule \"Plan credits first\" when $g : io.creditpool.rules.facts.NewGrant() then $g.setBurnPriority(0); end\nrule \"Every"),
                "member-limits.drl", "package io.creditpool.rules;\n")).team(ENT, 2).limit(ALICE, 100);

        assertThat(given.consume(ALICE, 100, null).accepted()).isTrue();
        Decision over = given.consume(ALICE, 1, null);

        assertThat(over.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
        assertThat(over.rules()).contains(KernelRules.LIMIT_HOLDS);
        assertThat(given.metrics().member(ALICE).usageThisMonth()).isEqualTo(100);
        given.assertGuaranteesHold();
    }

    @Test
    void rulesThatNeitherAcceptNorDenyLeaveTheConsumptionDenied() throws IOException {
        Given given = withRules(Map.of("consumption-order.drl", """
                package io.creditpool.rules;
                rule "Plan credits first" when $g : io.creditpool.rules.facts.NewGrant() then $g.setBurnPriority(0); end
                """)).team(ENT, 2);

        Decision decision = given.consume(ALICE, 1, null);

        assertThat(decision.denial()).isEqualTo(DenialCode.NO_DECISION);
        assertThat(decision.rules()).contains(KernelRules.RULES_MUST_DECIDE);
        assertThat(given.metrics().balance()).isEqualTo(1000);
    }

    @Test
    void aRuleThatGrantsNegativeCreditsIsRefusedAndNothingChanges() throws IOException {
        Given given = withRules(Map.of("top-ups.drl", """
                package io.creditpool.rules;
                import io.creditpool.rules.facts.TopUpPurchase;
                rule "A top-up costs nothing and takes credits away"
                when
                    $purchase : TopUpPurchase( source == "top-up" )
                then
                    $purchase.setPrice( 0 );
                    $purchase.setCredits( -1000 );
                    $purchase.neverExpires();
                end
                """)).team(ENT, 2);

        assertThatThrownBy(() -> given.pool.buyTopUp(new io.creditpool.kernel.port.in.BuyTopUpCommand(Given.ACME,
                OLIVIA, 1000, null))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the rules granted -1000 credits");
        assertThat(given.sandbox.charged()).as("nothing is charged for a purchase the kernel refuses").isEmpty();
        assertThat(given.metrics().balance()).isEqualTo(1000);
        assertThat(given.metrics().charges()).isZero();
        given.assertGuaranteesHold();
    }

    @Test
    void aRuleThatDeniesWithAnUnknownCodeIsAnErrorNotASilentDenial() throws IOException {
        Given given = withRules(Map.of("member-limits.drl", """
                package io.creditpool.rules;
                import io.creditpool.rules.facts.Consumption;
                import io.creditpool.rules.facts.Verdict;
                rule "Nobody spends on Mondays"
                    agenda-group "decide"
                    salience 50
                when
                    Consumption()
                    $verdict : Verdict()
                then
                    modify( $verdict ) { setDenial( "mondays" ) }
                end
                rule "Placeholder so OverMemberLimit stays declared"
                when io.creditpool.rules.facts.OverMemberLimit() then end
                """)).team(ENT, 2);

        assertThatThrownBy(() -> given.consume(ALICE, 1, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'mondays', which is not a denial code");
        assertThat(given.metrics().balance()).isEqualTo(1000);
    }

    @Test
    void onlyTheOwnerBuysTopUpsWhateverTheRulesSay() throws IOException {
        Given given = Given.creditpool().team(ENT, 2);
        given.pool.changeRole(new io.creditpool.kernel.port.in.ChangeRoleCommand(Given.ACME, OLIVIA, ALICE,
                io.creditpool.kernel.domain.Role.ADMIN, null));

        Decision decision = given.pool.buyTopUp(new io.creditpool.kernel.port.in.BuyTopUpCommand(Given.ACME, ALICE,
                100, null));

        assertThat(decision.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(decision.rules()).containsExactly(KernelRules.OWNER_BUYS_TOP_UPS);
        assertThat(given.sandbox.charged()).isEmpty();
    }
}
