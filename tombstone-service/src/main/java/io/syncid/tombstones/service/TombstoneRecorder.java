package io.syncid.tombstones.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.syncid.model.Outcome;
import io.syncid.model.WriteResult;
import io.syncid.tombstones.repository.TombstoneRepository;

/**
 * The idempotent handler of {@code sync.results} (STYLE 1): a DELETED result (a device's DELETE, a data-deletion
 * request's, or an IMPORT of a deleted legacy item) becomes one registry row, however often it is delivered. So does a
 * CONFLICT_RESOLVED result that carries {@code deletedAt}: a stale DELETE from another device still deletes the
 * original (the newer edit survives as a conflict copy). Any other outcome is none of this service's business.
 */
@ApplicationScoped
public class TombstoneRecorder {

    private static final Logger LOG = Logger.getLogger(TombstoneRecorder.class);

    private final TombstoneRepository tombstones;
    private final TombstoneMetrics metrics;
    private final Clock clock;

    TombstoneRecorder(TombstoneRepository tombstones, TombstoneMetrics metrics, Clock clock) {
        this.tombstones = tombstones;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Records the tombstone of a DELETED result; returns whether a new row was added. */
    @Transactional
    public boolean handle(WriteResult result) {
        if (!deletes(result)) {
            return false;
        }
        Instant now = clock.instant();
        Instant deletedAt = result.deletedAt() != null ? result.deletedAt() : result.recordedAt();
        boolean added = tombstones.insertIfAbsent(result.syncId().toString(), result.userId(), deletedAt,
                result.deletedBy(), result.reason(), now);
        if (added) {
            metrics.recorded();
            LOG.infof("tombstone recorded (deleted %s by %s, reason %s)", deletedAt, result.deletedBy(),
                    result.reason());
        } else {
            LOG.debugf("tombstone already recorded");
        }
        return added;
    }

    /** Whether the result left a tombstone on its syncId. */
    static boolean deletes(WriteResult result) {
        return result.outcome() == Outcome.DELETED
                || result.outcome() == Outcome.CONFLICT_RESOLVED && result.deletedAt() != null;
    }
}
