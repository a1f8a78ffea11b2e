package io.creditpool.kernel.port.out;

import java.util.List;
import java.util.TreeSet;

/**
 * The shares at which the rules alert a team before a limit bites, for its plan: {@code usage} in percent of a
 * member's monthly limit and of a group's monthly cap (80 and 100 in the shipped rules: {@code limit-approaching} when
 * usage first reaches 80%, {@code limit-reached} at 100%), and {@code pool} in percent of the monthly plan credits
 * left in the pool ({@code pool-low} when a consumption takes the balance to that share or below it). Each list is
 * sorted, without repeats.
 */
public record AlertLevels(List<Integer> usage, List<Integer> pool) {
    /** No alerts: what a policy that names none decides. */
    public static final AlertLevels NONE = new AlertLevels(List.of(), List.of());

    public AlertLevels {
        usage = sorted(usage, 1, "usage");
        pool = sorted(pool, 0, "pool");
    }

    private static List<Integer> sorted(List<Integer> percents, int least, String which) {
        TreeSet<Integer> set = new TreeSet<>();
        for (Integer p : percents == null ? List.<Integer>of() : percents) {
            if (p == null || p < least || p > 100) {
                throw new IllegalStateException("the rules set a " + which + " alert at " + p + " percent; an alert "
                        + "is at " + least + " to 100 percent");
            }
            set.add(p);
        }
        return List.copyOf(set);
    }

    /** Whether any alert is set. */
    public boolean any() {
        return !usage.isEmpty() || !pool.isEmpty();
    }
}
