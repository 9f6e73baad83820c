package io.syncid.testkit.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling until a server answers, with a deadline and a clear failure. */
public final class Waits {

    private Waits() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier ready, ManagedProcess process) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(what + " exited early; see " + process.logFile() + ":\n"
                        + process.logTail());
            }
            try {
                if (ready.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not ready yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException(what + " not ready after " + timeout
                + (process != null ? "; see " + process.logFile() + ":\n" + process.logTail() : ""));
    }
}
