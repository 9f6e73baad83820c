package io.syncid.migration.service;

import java.time.Instant;
import java.util.UUID;

/**
 * The summary of one run (SPEC §9): totals by state, the failure rate (failed ÷ attempted), documents per second since
 * the start and the ETA of what is pending at that rate (null while nothing finished).
 */
public record RunStatus(
        UUID runId,
        boolean dryRun,
        String state,
        long total,
        long migrated,
        long failed,
        long skipped,
        long pending,
        long rolledBack,
        double failureRate,
        double docsPerSecond,
        Long etaSeconds,
        Instant startedAt) {

    /** The status from counts, {@code elapsedSeconds} after the start. */
    public static RunStatus of(UUID runId, boolean dryRun, String state, long total, long migrated, long failed,
            long skipped, long rolledBack, double elapsedSeconds, Instant startedAt) {
        long finished = migrated + failed + skipped + rolledBack;
        long pending = Math.max(0, total - finished);
        long attempted = migrated + failed;
        double failureRate = attempted == 0 ? 0 : (double) failed / attempted;
        double rate = elapsedSeconds <= 0 ? 0 : finished / elapsedSeconds;
        Long eta = rate <= 0 ? null : (long) Math.ceil(pending / rate);
        String shown = pending == 0 && "RUNNING".equals(state) ? "COMPLETED" : state;
        return new RunStatus(runId, dryRun, shown, total, migrated, failed, skipped, pending, rolledBack, failureRate,
                rate, eta, startedAt);
    }
}
