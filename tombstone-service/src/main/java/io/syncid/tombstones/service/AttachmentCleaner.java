package io.syncid.tombstones.service;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.syncid.model.SyncId;
import io.syncid.model.store.AttachmentKeys;
import io.syncid.runtime.logging.OperationMdc;
import io.syncid.tombstones.config.TombstonesConfig;
import io.syncid.tombstones.repository.AttachmentStore;
import io.syncid.tombstones.repository.Tombstone;
import io.syncid.tombstones.repository.TombstoneRepository;

/**
 * Deletes every S3 object under {@code {userId}/{syncId}/} of each recorded tombstone, in a pass apart from the
 * consumer so S3 trouble never holds up the registry. A tombstone stays "uncleaned" until its prefix is empty; a
 * failure is counted and the next pass tries again.
 */
@ApplicationScoped
public class AttachmentCleaner {

    private static final Logger LOG = Logger.getLogger(AttachmentCleaner.class);

    private final TombstoneRepository tombstones;
    private final AttachmentStore attachments;
    private final TombstoneMetrics metrics;
    private final TombstonesConfig config;
    private final Clock clock;

    AttachmentCleaner(TombstoneRepository tombstones, AttachmentStore attachments, TombstoneMetrics metrics,
            TombstonesConfig config, Clock clock) {
        this.tombstones = tombstones;
        this.attachments = attachments;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /** One pass: returns how many tombstones were cleaned. Rows are locked, so replicas share the work. */
    public int cleanPending() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Tombstone> pending = tombstones.claimUncleaned(config.cleanup().batchSize());
            int cleaned = 0;
            for (Tombstone t : pending) {
                try (var mdc = OperationMdc.of(t.syncId, null, t.userId, null)) {
                    int deleted = attachments.deleteAll(AttachmentKeys.prefix(t.userId, SyncId.parse(t.syncId)));
                    metrics.attachmentsDeleted(deleted);
                    t.attachmentsCleanedAt = clock.instant();
                    cleaned++;
                    if (deleted > 0) {
                        LOG.infof("deleted %d attachments of the tombstone", deleted);
                    }
                } catch (RuntimeException e) {
                    // S3 is most likely away: stop this pass (each call would wait for its deadline) and retry later.
                    metrics.attachmentDeletionFailed();
                    LOG.warnf("attachment clean-up failed, retried later: %s", e.toString());
                    break;
                }
            }
            return cleaned;
        });
    }
}
