package io.syncid.testkit.random;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeds of the property tests. One base seed per JVM, from {@code -Dsyncid.seed=N} or the clock; repetition
 * {@code n} uses {@code base + n}. Every failure names both, and running again with {@code -Dsyncid.seed=<base>}
 * replays every repetition exactly.
 */
public final class Seeds {

    public static final long BASE = Long.getLong("syncid.seed", System.nanoTime());

    private Seeds() {
    }

    public static long of(int repetition) {
        return BASE + repetition;
    }

    /**
     * Runs one repetition of a property with its own seeded generator. Any failure, an unexpected exception as much
     * as a failed assertion, is rethrown as an {@link AssertionError} that says how to reproduce it.
     */
    public static void property(int repetition, Consumer<Random> body) {
        long seed = of(repetition);
        try {
            body.accept(new Random(seed));
        } catch (Throwable failure) {
            throw new AssertionError("property failed with seed " + seed + " (repetition " + repetition
                    + "); reproduce with -Dsyncid.seed=" + BASE + "\n" + failure, failure);
        }
    }
}
