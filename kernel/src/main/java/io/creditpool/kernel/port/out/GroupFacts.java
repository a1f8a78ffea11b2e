package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;

/**
 * What the rules see of the group a consuming member belongs to: its id and name, its monthly cap, and what its
 * members spent (and hold) this calendar month, whoever is in it now.
 */
public record GroupFacts(GroupId group, String name, GroupCap cap, long usageThisMonth) {
}
