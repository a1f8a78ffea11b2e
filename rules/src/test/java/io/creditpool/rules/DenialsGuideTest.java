package io.creditpool.rules;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.RuleDenial;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.PolicyVerdict;
import io.creditpool.kernel.port.out.TeamFacts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Denial codes of a rule set's own (rules/ANALYSTS.md, "Denial codes of your own"), with the table and the rule taken
 * from the guide itself: the rules deny with the code, the decision carries its title, status and filled-in message
 * and names only the rules that denied; a code in neither table and a bad row are refused.
 */
class DenialsGuideTest {
    private static String block(String language) throws IOException {
        String guide = Files.readString(Path.of("ANALYSTS.md"));
        String section = guide.substring(guide.indexOf("## Denial codes of your own"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(m.find()).as("a %s block in the guide's section", language).isTrue();
        return m.group(1);
    }

    private static RuleSource shippedWith(String drl, String denials) {
        Map<String, String> files = new TreeMap<>(RuleSource.shipped().files());
        files.put("generation-size.drl", drl);
        if (denials != null) {
            files.put(DenialTable.FILE, denials);
        }
        return new RuleSource("test", files);
    }

    private static PolicyVerdict consume(DroolsCreditPolicy policy, long credits) {
        return policy.consumption(new ConsumptionFacts(Tier.ENTERPRISE, credits, 1_000_000, 0, MemberLimit.UNLIMITED,
                AutoTopUp.OFF, 1_000_000, new TeamFacts(TeamId.of("bigco"), "enterprise", 10, 1,
                        MemberId.of("olivia"), Role.OWNER, false, 1_000_000, 0))).verdict();
    }

    @Test
    void aRuleDeniesWithTheTablesCodeTitleStatusAndFilledInMessage() throws IOException {
        DroolsCreditPolicy policy = new DroolsCreditPolicy(RuleBase.build(shippedWith(block("drl"),
                block("csv"))));
        PolicyVerdict denied = consume(policy, 5001);
        assertThat(denied.denial()).isEqualTo(DenialCode.RULE_DENIAL);
        assertThat(denied.ruleDenial()).isEqualTo(new RuleDenial("too-large", "Generation too large", 422,
                "A single generation may take at most 5,000 credits; 5001 were asked for"));
        assertThat(denied.rules()).containsExactly("A single generation may take at most 5,000 credits");
        assertThat(consume(policy, 5000).accepted()).isTrue();
    }

    @Test
    void theCheckRefusesACodeInNeitherTableAndAcceptsItWithTheTable() throws IOException {
        RuleSetCheck.Report without = RuleSetCheck.check(shippedWith(block("drl"), null), PlanTable::shipped);
        assertThat(without.errors()).anySatisfy(f -> assertThat(f.toString())
                .startsWith("generation-size.drl:1: rule \"A single generation may take at most 5,000 credits\" "
                        + "denies with \"too-large\", which is not a denial code Creditpool knows")
                .contains("add it to the rule set's denials.csv"));
        RuleSetCheck.Report with = RuleSetCheck.check(shippedWith(block("drl"), block("csv")), PlanTable::shipped);
        assertThat(with.errors()).isEmpty();
        assertThat(with.warnings()).isEmpty();
    }

    @Test
    void aBadRowOfTheTableIsRefusedAtItsLineAndColumn() throws IOException {
        String bad = block("csv").replace(",422,", ",500,");
        assertThatThrownBy(() -> RuleBase.build(shippedWith(block("drl"), bad)))
                .isInstanceOf(RuleBuildException.class)
                .hasMessageContaining("denials.csv:2: column status: must be 402, 403 or 422; was 500");
        assertThatThrownBy(() -> RuleBase.build(shippedWith(block("drl"),
                block("csv") + "member-limit,Mine,403,no\n"))).isInstanceOf(RuleBuildException.class)
                .hasMessageContaining("denials.csv:3: column code: 'member-limit' is a denial code of Creditpool's");
        assertThatThrownBy(() -> RuleBase.build(shippedWith(block("drl"),
                block("csv").replace("{credits}", "{amount}")))).isInstanceOf(RuleBuildException.class)
                .hasMessageContaining("denials.csv:2: column message: {amount} is not a placeholder");
    }

    @Test
    void theTableIsPartOfTheRuleSetsVersion() throws IOException {
        RuleSource one = shippedWith(block("drl"), block("csv"));
        RuleSource other = shippedWith(block("drl"), block("csv").replace("Generation too large", "Too large"));
        assertThat(RuleSet.version(one, PlanTable.shipped())).isNotEqualTo(RuleSet.version(other, PlanTable.shipped()));
    }
}
