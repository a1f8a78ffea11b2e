package io.creditpool.adapters.review;

import io.creditpool.adapters.Given;

import io.creditpool.kernel.domain.Decision;
import org.junit.jupiter.api.Test;

import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyReviewTest {
    /**
     * MembershipService records a team's creation under the request id "team-creation", in the same namespace as
     * the host's request ids: a host whose request id happens to be "team-creation" gets a request-conflict for a
     * request it never sent before.
     */
    @Test
    void aFreshRequestIdIsNeverAConflict() {
        Given f = Given.creditpool().team(ENT, 2);

        Decision d = f.consume(ALICE, 10, "team-creation");

        assertThat(d.accepted()).as(d.toString()).isTrue();
    }
}
