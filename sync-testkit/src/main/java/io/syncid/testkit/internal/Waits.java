package io.syncid.testkit.internal;

import java.time.Duration;

/** Polling until a server answers, with a deadline, and failing at once (with its log) if the server died. */
public final class Waits {

    /** One readiness check; any exception counts as "not yet". */
    @FunctionalInterface
    public interface Probe {
        boolean ready() throws Exception;
    }

    private Waits() {
    }

    public static void until(String what, Duration timeout, Probe probe, ManagedProcess process) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(what + " exited early; see " + process.logFile() + ":\n"
                        + process.logTail());
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        IllegalStateException timeoutError = new IllegalStateException(what + " not ready after " + timeout
                + (process != null ? "; see " + process.logFile() + ":\n" + process.logTail() : ""));
        if (last != null) {
            timeoutError.addSuppressed(last);
        }
        throw timeoutError;
    }
}
