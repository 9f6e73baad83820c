package io.syncid.tombstones.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.runtime.aws.DynamoBatches;
import io.syncid.tombstones.config.TombstonesConfig;
import io.syncid.tombstones.repository.AttachmentStore;
import io.syncid.tombstones.repository.AttachmentStore.StoredObject;
import io.syncid.tombstones.repository.OrphanSweep;
import io.syncid.tombstones.service.OrphanRule.AttachmentPath;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The orphan sweep (SPEC §8): lists the whole attachments bucket a page at a time, looks the page's documents up with
 * one batch read, deletes the objects {@link OrphanRule} calls orphans, and exports what it found as the
 * {@code orphaned_attachments} gauge. One sweep at a time across all replicas: a sweep holds a PostgreSQL advisory lock
 * (session-level, on a connection kept for the sweep, so a replica that dies releases it with its connection); a
 * replica that finds the lock taken skips its turn and reports {@code SKIPPED} instead of listing the bucket again.
 */
@ApplicationScoped
public class OrphanSweeper {

    private static final Logger LOG = Logger.getLogger(OrphanSweeper.class);
    /** The advisory-lock key of the orphan sweep (any constant the other lock users of the database do not take). */
    public static final long LOCK_KEY = 0x5359_4e43_4f52_5048L;

    /** The summary of one sweep, as the operator API shows it. */
    public record Report(Long id, Instant startedAt, Instant finishedAt, String outcome, int scanned, int orphans,
            int deleted, String error) {

        static Report of(OrphanSweep s) {
            return new Report(s.id, s.startedAt, s.finishedAt, s.outcome, s.scanned, s.orphans, s.deleted, s.error);
        }

        static Report skipped(Instant at) {
            return new Report(null, at, at, "SKIPPED", 0, 0, 0, "another replica is sweeping");
        }
    }

    private final AttachmentStore attachments;
    private final DynamoDbClient dynamo;
    private final TombstoneMetrics metrics;
    private final TombstonesConfig config;
    private final Clock clock;
    private final AgroalDataSource database;
    private final ReentrantLock running = new ReentrantLock();

    OrphanSweeper(AttachmentStore attachments, DynamoDbClient dynamo, TombstoneMetrics metrics,
            TombstonesConfig config, Clock clock, AgroalDataSource database) {
        this.database = database;
        this.attachments = attachments;
        this.dynamo = dynamo;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Runs one sweep to the end (waiting for a running one of this replica first) and returns its report, or a
     * {@code SKIPPED} report when another replica is sweeping.
     */
    public Report sweep() {
        running.lock();
        try (Connection session = database.getConnection()) {
            if (!advisoryLock(session, "pg_try_advisory_lock")) {
                LOG.info("orphan sweep skipped: another replica is sweeping");
                return Report.skipped(clock.instant());
            }
            try {
                return sweepNow();
            } finally {
                // Pooled connections outlive this call: a lock left on one would block every later sweep.
                advisoryLock(session, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("orphan sweep: the advisory lock is unavailable: " + e.getMessage(), e);
        } finally {
            running.unlock();
        }
    }

    private static boolean advisoryLock(Connection session, String function) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement("select " + function + "(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** The last sweep, if any. */
    public Optional<Report> last() {
        return QuarkusTransaction.requiringNew().call(() -> OrphanSweep.lastSweep().map(Report::of));
    }

    private Report sweepNow() {
        Instant started = clock.instant();
        Instant graceStart = started.minus(config.orphans().grace());
        OrphanSweep sweep = QuarkusTransaction.requiringNew().call(() -> {
            OrphanSweep s = new OrphanSweep();
            s.startedAt = started;
            s.outcome = "RUNNING";
            s.persist();
            return s;
        });
        int[] counts = {0, 0, 0};
        String error = null;
        try {
            attachments.forEachPage("", page -> {
                int[] pageCounts = sweepPage(page, graceStart);
                counts[0] += page.size();
                counts[1] += pageCounts[0];
                counts[2] += pageCounts[1];
            });
            metrics.orphansFound(counts[1]);
        } catch (RuntimeException e) {
            LOG.errorf(e, "orphan sweep failed after %d objects", counts[0]);
            error = e.toString();
        }
        String failure = error;
        return QuarkusTransaction.requiringNew().call(() -> {
            OrphanSweep s = OrphanSweep.findById(sweep.id);
            s.finishedAt = clock.instant();
            s.scanned = counts[0];
            s.orphans = counts[1];
            s.deleted = counts[2];
            s.outcome = failure == null ? "SUCCEEDED" : "FAILED";
            s.error = failure == null ? null : failure.substring(0, Math.min(1000, failure.length()));
            LOG.infof("orphan sweep %s: %d objects, %d orphans, %d deleted", s.outcome, s.scanned, s.orphans,
                    s.deleted);
            return Report.of(s);
        });
    }

    /** Returns {orphans found, deleted} for one page of objects. */
    private int[] sweepPage(List<StoredObject> page, Instant graceStart) {
        Map<StoredObject, AttachmentPath> paths = new HashMap<>();
        Set<SyncId> syncIds = new LinkedHashSet<>();
        for (StoredObject o : page) {
            AttachmentPath.parse(o.key()).ifPresent(p -> {
                paths.put(o, p);
                syncIds.add(p.syncId());
            });
        }
        Map<SyncId, DocumentItem> documents = lookUp(syncIds);
        List<String> orphans = new ArrayList<>();
        paths.forEach((object, path) -> {
            if (OrphanRule.isOrphan(path, Optional.ofNullable(documents.get(path.syncId())), object.lastModified(),
                    graceStart)) {
                orphans.add(object.key());
            }
        });
        int deleted = attachments.delete(orphans);
        metrics.attachmentsDeleted(deleted);
        return new int[]{orphans.size(), deleted};
    }

    private Map<SyncId, DocumentItem> lookUp(Set<SyncId> syncIds) {
        List<Map<String, AttributeValue>> keys = syncIds.stream()
                .map(id -> Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(id.toString())))
                .toList();
        Map<SyncId, DocumentItem> found = new HashMap<>();
        for (Map<String, AttributeValue> item : DynamoBatches.get(dynamo, DocumentsTable.NAME, keys,
                b -> b.consistentRead(true))) {
            DocumentItem doc = DocumentItemCodec.fromItem(item);
            found.put(doc.syncId(), doc);
        }
        return found;
    }
}
