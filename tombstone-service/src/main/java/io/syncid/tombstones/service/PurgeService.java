package io.syncid.tombstones.service;

import static io.syncid.model.store.DocumentsTable.CHANGED_AT_MILLIS;
import static io.syncid.model.store.DocumentsTable.CHANGE_POS;
import static io.syncid.model.store.DocumentsTable.DELETED;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.syncid.model.SyncId;
import io.syncid.runtime.logging.OperationMdc;
import io.syncid.tombstones.config.TombstonesConfig;
import io.syncid.tombstones.repository.DocumentStore;
import io.syncid.tombstones.repository.PurgeRun;
import io.syncid.tombstones.repository.Tombstone;
import io.syncid.tombstones.repository.TombstoneRepository;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The retention purge (SPEC §3, §8). In this order: (1) advance the retention horizon in {@code SyncMetadata} to
 * {@code now - retention}, monotonically; (2) wait longer than the gateway caches the horizon, so every replica answers
 * an older cursor with {@code RESYNC_REQUIRED} before a tombstone disappears from {@code UserIndex}; (3) claim the
 * registry rows deleted before the horizon (row locks with SKIP LOCKED: concurrent purges on several replicas split the
 * rows, never share one), turn each DynamoDB tombstone into a reservation with one conditional update, delete the row.
 * A tombstone younger than the retention by this server's clock is never touched.
 */
@ApplicationScoped
public class PurgeService {

    private static final Logger LOG = Logger.getLogger(PurgeService.class);

    /** The summary of one run, as the operator API shows it. */
    public record Report(Long id, Instant startedAt, Instant finishedAt, String outcome, Instant horizon, int purged,
            int skipped, String error) {

        static Report of(PurgeRun run) {
            return new Report(run.id, run.startedAt, run.finishedAt, run.outcome, run.horizon, run.purged,
                    run.skipped, run.error);
        }
    }

    private final TombstoneRepository tombstones;
    private final DocumentStore documents;
    private final TombstoneMetrics metrics;
    private final TombstonesConfig config;
    private final Clock clock;
    /** Runs the operator's purges off the request thread, one at a time. */
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "manual-purge");
        thread.setDaemon(true);
        return thread;
    });
    /** The operator's purge of this replica that was started last (null before the first). */
    private Background background;

    /** A purge started by {@link #start()}: its run and its task. */
    private record Background(long runId, Future<?> future) {
    }

    PurgeService(TombstoneRepository tombstones, DocumentStore documents, TombstoneMetrics metrics,
            TombstonesConfig config, Clock clock) {
        this.tombstones = tombstones;
        this.documents = documents;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /** Runs one purge to the end and returns its report; failures are recorded in the report, not thrown. */
    public Report purge() {
        return run(begin());
    }

    /**
     * Starts a purge in the background and answers at once with its run (outcome RUNNING), for the operator API: the
     * purge pauses for {@code horizon-cache-wait} (65 s by default), longer than an HTTP request should take. While a
     * background purge of this replica is still going, answers with that run instead of starting another.
     */
    public synchronized Report start() {
        if (background != null && !background.future().isDone()) {
            return find(background.runId()).orElseThrow();
        }
        PurgeRun run = begin();
        background = new Background(run.id, runner.submit(() -> {
            try {
                run(run);
            } catch (RuntimeException e) {
                LOG.errorf(e, "purge %d could not record its outcome", run.id);
            }
        }));
        return Report.of(run);
    }

    /** One run by id, if it exists. */
    public Optional<Report> find(long id) {
        return QuarkusTransaction.requiringNew()
                .call(() -> Optional.ofNullable(PurgeRun.<PurgeRun>findById(id)).map(Report::of));
    }

    @PreDestroy
    void stopBackground() {
        runner.shutdownNow();
    }

    /** Records a new RUNNING run with its horizon (now - retention). */
    private PurgeRun begin() {
        Instant started = clock.instant();
        Instant horizon = started.minus(config.retention());
        return QuarkusTransaction.requiringNew().call(() -> {
            PurgeRun r = new PurgeRun();
            r.startedAt = started;
            r.horizon = horizon;
            r.outcome = "RUNNING";
            r.persist();
            return r;
        });
    }

    private Report run(PurgeRun run) {
        Instant horizon = run.horizon;
        Timer.Sample sample = Timer.start();
        int[] counts = {0, 0};
        String error = null;
        try {
            if (documents.advanceHorizon(horizon)) {
                LOG.infof("retention horizon advanced to %s", horizon);
            }
            Thread.sleep(config.purge().horizonCacheWait().toMillis());
            while (true) {
                int[] batch = purgeBatch(horizon);
                counts[0] += batch[0];
                counts[1] += batch[1];
                if (batch[0] + batch[1] == 0) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (RuntimeException e) {
            LOG.errorf(e, "purge failed after %d tombstones", counts[0]);
            error = e.toString();
        } finally {
            sample.stop(metrics.purgeDuration());
        }
        String failure = error;
        return QuarkusTransaction.requiringNew().call(() -> {
            PurgeRun r = PurgeRun.findById(run.id);
            r.finishedAt = clock.instant();
            r.purged = counts[0];
            r.skipped = counts[1];
            r.outcome = failure == null ? "SUCCEEDED" : "FAILED";
            r.error = failure == null ? null : failure.substring(0, Math.min(1000, failure.length()));
            LOG.infof("purge %s: %d tombstones purged, %d skipped, horizon %s", r.outcome, r.purged, r.skipped,
                    horizon);
            return Report.of(r);
        });
    }

    /** The last run, if any. */
    public Optional<Report> last() {
        return PurgeRun.lastRun().map(Report::of);
    }

    /** One transaction: claim a batch, reserve each DynamoDB tombstone, delete the rows. Returns {purged, skipped}. */
    private int[] purgeBatch(Instant horizon) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Tombstone> batch = tombstones.claimPurgeable(horizon, config.purge().batchSize());
            int purged = 0;
            int skipped = 0;
            for (Tombstone t : batch) {
                try (var mdc = OperationMdc.of(t.syncId, null, t.userId, null)) {
                    switch (reserve(t, horizon)) {
                        case RESERVED -> {
                            purged++;
                            tombstones.delete(t);
                        }
                        case NOTHING_TO_RESERVE -> {
                            skipped++;
                            tombstones.delete(t);
                        }
                        case TOO_YOUNG -> skipped++;
                    }
                }
            }
            metrics.purged(purged);
            return new int[]{purged, skipped};
        });
    }

    /** What became of one claimed tombstone. */
    private enum Purged {
        /** The DynamoDB tombstone is now a reservation; the row goes. */
        RESERVED,
        /** No tombstone to reserve (no item, or another run reserved it already); the row goes. */
        NOTHING_TO_RESERVE,
        /** The DynamoDB tombstone changed after the horizon: the row keeps it, with its real age. */
        TOO_YOUNG
    }

    private Purged reserve(Tombstone t, Instant horizon) {
        SyncId syncId = SyncId.parse(t.syncId);
        Optional<Map<String, AttributeValue>> item = documents.item(syncId);
        if (item.isEmpty()) {
            LOG.warnf("registry tombstone has no Documents item; registry row removed");
            return Purged.NOTHING_TO_RESERVE;
        }
        Map<String, AttributeValue> attributes = item.get();
        AttributeValue deleted = attributes.get(DELETED);
        AttributeValue changePos = attributes.get(CHANGE_POS);
        if (deleted == null || !Boolean.TRUE.equals(deleted.bool()) || changePos == null) {
            // Already a reservation (another run got there first), or not a tombstone: nothing to purge.
            return Purged.NOTHING_TO_RESERVE;
        }
        AttributeValue changedAt = attributes.get(CHANGED_AT_MILLIS);
        if (changedAt != null && Long.parseLong(changedAt.n()) >= horizon.toEpochMilli()) {
            // The index entry is younger than the registry says: a cursor before it may not have seen it. Keep it,
            // and give the row the entry's age so a later purge takes it at the right time.
            t.deletedAt = Instant.ofEpochMilli(Long.parseLong(changedAt.n()));
            LOG.warnf("tombstone changed after the horizon; kept until %s ages out", t.deletedAt);
            return Purged.TOO_YOUNG;
        }
        if (documents.reserve(syncId, changePos.s(), clock.instant())) {
            return Purged.RESERVED;
        }
        LOG.infof("tombstone changed meanwhile (already reserved); registry row removed");
        return Purged.NOTHING_TO_RESERVE;
    }
}
