package io.creditpool.rules;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misspelt method in a rule's action ({@code then} part) is told as every other compile error is: at the DRL file
 * and line, in the rule it is in, with the nearest method of the fact.
 */
class ActionTypoTest {
    @Test
    void aMisspeltMethodInAModifyBlockIsToldAtItsFileLineAndRuleWithTheNearestMethod() {
        Map<String, String> files = new HashMap<>(RuleSource.shipped().files());
        files.put("member-limits.drl", files.get("member-limits.drl")
                .replace("modify( $verdict ) { setDenial( \"member-limit\" ) }",
                        "modify( $verdict ) { setDenail( \"member-limit\" ) }"));

        RuleSetCheck.Report report = RuleSetCheck.check(new RuleSource("test", files), PlanTable::shipped);

        assertThat(report.compiled()).isFalse();
        assertThat(report.errors()).hasSize(1);
        assertThat(report.errors().get(0).toString()).startsWith("member-limits.drl:26: rule \"A member may not spend past "
                + "their monthly limit\": Verdict has no method `setDenail`; did you mean `setDenial`?")
                .doesNotContain("a rule's action");
    }
}
