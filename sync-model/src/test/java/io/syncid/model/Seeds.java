package io.syncid.model;

import java.util.Random;

/**
 * Seeds of the property tests: {@code -Dsyncid.seed=N} replays a run; otherwise each run draws a new one. Every
 * failure message names the seed of its repetition.
 */
final class Seeds {

    static final long BASE = Long.getLong("syncid.seed", System.nanoTime());

    private Seeds() {
    }

    /** The seed of one repetition: replay it with {@code -Dsyncid.seed=<seed>} and repetition 0. */
    static long of(int repetition) {
        return BASE + repetition;
    }

    static Random random(long seed) {
        return new Random(seed);
    }
}
