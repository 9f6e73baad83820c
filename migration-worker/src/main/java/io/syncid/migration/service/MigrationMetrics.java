package io.syncid.migration.service;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.syncid.migration.config.MigrationConfig;
import io.syncid.migration.ledger.ItemStatus;
import io.syncid.migration.ledger.Ledger;

/**
 * The migration's metrics with the alert names of SPEC §10 — {@code migration_failure_rate} (failed ÷ attempted of the
 * current run), {@code documents_without_sync_id} (live legacy documents of the current run that the migration settled
 * without a syncId: its FAILED items; documents still on their way are progress, counted by
 * {@code migration_documents_pending}, not an alert), {@code duplicate_sync_ids} (syncIds the writer refused as
 * claimed by another document, not resolved since) — read from the ledger when scraped; migrated/failed/skipped
 * counters, the tasks this process worked; and the progress log line every {@link MigrationConfig#progressEvery()}
 * finished documents.
 */
@Startup // the alert series must exist from the first scrape, not from the first run
@ApplicationScoped
public class MigrationMetrics {

    private static final Logger LOG = Logger.getLogger(MigrationMetrics.class);

    private final Ledger ledger;
    private final Provider<StatusService> status;
    private final int progressEvery;
    private final Map<ItemStatus, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicLong finished = new AtomicLong();
    private final Counter tasks;

    @Inject
    MigrationMetrics(Ledger ledger, Provider<StatusService> status, MigrationConfig config, MeterRegistry registry) {
        this.ledger = ledger;
        this.status = status;
        this.progressEvery = Math.max(1, config.progressEvery());
        Gauge.builder("migration_failure_rate", this, MigrationMetrics::failureRate)
                .description("Failed ÷ attempted documents of the current migration run (alert above 0.01)")
                .register(registry);
        Gauge.builder("documents_without_sync_id", this, MigrationMetrics::withoutSyncId)
                .description("Live legacy documents of the current run that failed and have no syncId (alert above 0)")
                .register(registry);
        Gauge.builder("migration_documents_pending", this, MigrationMetrics::pending)
                .description("Legacy documents of the current run not finished yet (the run's progress)")
                .register(registry);
        Gauge.builder("duplicate_sync_ids", this, MigrationMetrics::duplicateSyncIds)
                .description("SyncIds claimed by more than one document and not resolved")
                .register(registry);
        for (ItemStatus s : new ItemStatus[]{ItemStatus.MIGRATED, ItemStatus.FAILED, ItemStatus.SKIPPED}) {
            counters.put(s, Counter.builder("migration_documents")
                    .tag("outcome", s.name().toLowerCase(java.util.Locale.ROOT))
                    .description("Legacy documents finished by this process, by outcome")
                    .register(registry));
        }
        this.tasks = Counter.builder("migration_tasks")
                .description("Migration tasks this process worked (redeliveries after a crash or rebalance included)")
                .register(registry);
    }

    /** One task taken up by this process. */
    public void task() {
        tasks.increment();
    }

    /** One document of {@code runId} finished here: counts it and logs progress every N. */
    public void finished(UUID runId, ItemStatus outcome) {
        Counter counter = counters.get(outcome);
        if (counter != null) {
            counter.increment();
        }
        if (finished.incrementAndGet() % progressEvery == 0) {
            status.get().status(runId).ifPresent(s -> LOG.infof(
                    "migration run %s: %d/%d finished (%d migrated, %d failed, %d skipped, %d pending),"
                            + " failure rate %.4f, %.1f docs/s, ETA %s s",
                    runId, s.total() - s.pending(), s.total(), s.migrated(), s.failed(), s.skipped(), s.pending(),
                    s.failureRate(), s.docsPerSecond(), s.etaSeconds() == null ? "?" : s.etaSeconds()));
        }
    }

    double failureRate() {
        return safely(() -> ledger.currentRun().flatMap(r -> status.get().status(r.runId))
                .map(RunStatus::failureRate).orElse(0.0));
    }

    /**
     * Failed live documents only: a document still pending is progress (reported by {@link #pending()}, the run's
     * status and the consumer lag), so that the alert ({@code > 0} for 1 minute) fires for documents that will not
     * get a syncId without an operator, not during every run that lasts longer than a minute.
     */
    double withoutSyncId() {
        return safely(() -> ledger.currentRun().map(r -> (double) ledger.failedLive(r.runId)).orElse(0.0));
    }

    double pending() {
        return safely(() -> ledger.currentRun().flatMap(r -> status.get().status(r.runId))
                .map(s -> (double) s.pending()).orElse(0.0));
    }

    double duplicateSyncIds() {
        return safely(() -> (double) ledger.unresolvedSyncIdClaims());
    }

    /** A scrape must not fail because PostgreSQL is away: the gauge reads NaN then. */
    private static double safely(java.util.function.Supplier<Double> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            LOG.debugf("migration gauge unavailable: %s", e.toString());
            return Double.NaN;
        }
    }
}
