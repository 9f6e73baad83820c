package io.syncid.tombstones.service;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The tombstone-service's series (SPEC §10); names are the rollout's and must not change. Created at startup, so every
 * series is exported (at zero) before the first tombstone, purge or sweep touches it.
 */
@Startup
@ApplicationScoped
public class TombstoneMetrics {

    private final Counter recorded;
    private final Counter purged;
    private final Counter attachmentsDeleted;
    private final Counter attachmentDeletionsFailed;
    private final Timer purgeDuration;
    private final AtomicLong orphans = new AtomicLong();

    TombstoneMetrics(MeterRegistry registry) {
        recorded = Counter.builder("sync_tombstones_recorded_total")
                .description("Tombstones added to the registry from DELETED results").register(registry);
        purged = Counter.builder("sync_tombstones_purged_total")
                .description("Tombstones purged after the retention (turned into reservations)").register(registry);
        attachmentsDeleted = Counter.builder("sync_attachments_deleted_total")
                .description("Attachment objects deleted (tombstones, orphans, data-deletion requests)")
                .register(registry);
        attachmentDeletionsFailed = Counter.builder("sync_attachment_deletions_failed_total")
                .description("Attachment clean-ups that failed and will be retried").register(registry);
        purgeDuration = Timer.builder("sync_purge_seconds").description("Duration of retention purges")
                .register(registry);
        registry.gauge("orphaned_attachments", orphans);
    }

    public void recorded() {
        recorded.increment();
    }

    public void purged(int count) {
        purged.increment(count);
    }

    public void attachmentsDeleted(int count) {
        attachmentsDeleted.increment(count);
    }

    public void attachmentDeletionFailed() {
        attachmentDeletionsFailed.increment();
    }

    public Timer purgeDuration() {
        return purgeDuration;
    }

    /** What the last orphan sweep found. */
    public void orphansFound(long count) {
        orphans.set(count);
    }
}
