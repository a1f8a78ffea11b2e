package io.creditpool.kernel.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionTest {
    @Test
    void aDecisionIsStampedWithTheRuleSetVersionOnceAndKeepsIt() {
        Decision made = Decision.accept(List.of("A rule"), 10);
        assertThat(made.rulesVersion()).isEmpty();

        Decision stamped = made.stampedWith("3f2a9c1b0d4e");
        assertThat(stamped.rulesVersion()).isEqualTo("3f2a9c1b0d4e");
        assertThat(stamped.rules()).isEqualTo(made.rules());
        assertThat(stamped.balance()).isEqualTo(10);
        assertThat(stamped.stampedWith("000000000000")).as("a recorded decision keeps its version").isSameAs(stamped);
        assertThat(made.stampedWith("")).isSameAs(made);
        assertThat(new Decision(true, null, "", List.of(), 0, null).rulesVersion()).isEmpty();
    }
}
