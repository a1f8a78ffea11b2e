package io.creditpool.adapters.scenario;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;

/** The word a misspelt one was most likely meant to be. */
final class Nearest {
    private Nearest() {
    }

    /** The word of {@code words} nearest to {@code typed}, or null when none is near enough to suggest. */
    static String of(String typed, Collection<String> words) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String w : words) {
            int d = LevenshteinDistance.getDefaultInstance().apply(typed, w);
            if (d < bestDistance) {
                best = w;
                bestDistance = d;
            }
        }
        // a third of the word may be wrong: consme -> consume, but not expect -> consume
        return bestDistance <= Math.max(1, typed.length() / 3) ? best : null;
    }
}
