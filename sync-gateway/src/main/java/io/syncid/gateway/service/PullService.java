package io.syncid.gateway.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.gateway.config.GatewayConfig;
import io.syncid.gateway.repository.DocumentRepository;
import io.syncid.gateway.repository.MetadataRepository;
import io.syncid.gateway.rest.ProblemException;
import io.syncid.model.ErrorCode;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.PullCursor;

/**
 * Delta pull over the lanes of {@link ChangePosition}: each lane is read after the cursor's position, and the cursor
 * only moves past settled changes, so a change that becomes visible in the GSI late is never skipped.
 *
 * <p>
 * A pull without a cursor is a full pull: its pages together are the user's whole current state (tombstones not yet
 * purged included), and a device doing one replaces its local state with the result. {@code completeAtMillis} of the
 * next cursor is the instant up to which the device has then seen every change: the pull's start for a full pull, the
 * settled instant once a delta pull reaches the end of every lane, unchanged while pages remain. A cursor complete
 * only before the tombstone retention horizon may have missed a purged tombstone: 410 RESYNC_REQUIRED.
 */
@ApplicationScoped
public class PullService {

    /** One page's documents and the cursor after them. */
    public record Page(List<DocumentItem> documents, PullCursor next, boolean hasMore) {
    }

    private final DocumentRepository documents;
    private final MetadataRepository metadata;
    private final GatewayConfig.Pull config;
    private final Clock clock = Clock.systemUTC();
    private volatile CachedHorizon horizon = new CachedHorizon(Optional.empty(), Instant.MIN);

    PullService(DocumentRepository documents, MetadataRepository metadata, GatewayConfig config) {
        this.documents = documents;
        this.metadata = metadata;
        this.config = config.pull();
    }

    public Page pull(String userId, String since, int limit) {
        long now = clock.millis();
        PullCursor cursor;
        if (since == null || since.isEmpty()) {
            cursor = PullCursor.initial().completeAt(now);
        } else {
            try {
                cursor = PullCursor.decode(since);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(ErrorCode.INVALID_CURSOR, "since is not a cursor this server issued");
            }
            Optional<Instant> purgedBefore = retentionHorizon();
            if (purgedBefore.isPresent() && cursor.completeAtMillis() < purgedBefore.get().toEpochMilli()) {
                throw new ProblemException(ErrorCode.RESYNC_REQUIRED,
                        "the cursor is older than the tombstone retention horizon; do a full pull (no since)",
                        Map.of("retentionHorizon", purgedBefore.get().toString()), null);
            }
        }
        long settled = now - config.settleWindow().toMillis();
        List<DocumentItem> page = new ArrayList<>();
        boolean hasMore = false;
        PullCursor next = cursor;
        for (int lane : lanes()) {
            int remaining = limit - page.size();
            List<DocumentItem> items = documents.changesInLane(userId, lane, cursor.after(lane), remaining + 1);
            if (items.size() > remaining) {
                hasMore = true;
                items = items.subList(0, remaining);
            }
            page.addAll(items);
            for (DocumentItem item : items) {
                if (item.changedAtMillis() > settled) {
                    break;
                }
                next = next.advance(lane, item.changePos());
            }
        }
        if (!hasMore && since != null && !since.isEmpty()) {
            next = next.completeAt(Math.max(cursor.completeAtMillis(), settled));
        }
        return new Page(page, next, hasMore);
    }

    private List<Integer> lanes() {
        List<Integer> lanes = new ArrayList<>(IntStream.range(0, config.partitions()).boxed().toList());
        lanes.add(ChangePosition.MIGRATION_LANE);
        return lanes;
    }

    private Optional<Instant> retentionHorizon() {
        CachedHorizon cached = horizon;
        Instant now = clock.instant();
        if (cached.readAt.plus(config.horizonCacheTtl()).isBefore(now)) {
            cached = new CachedHorizon(metadata.retentionHorizon(), now);
            horizon = cached;
        }
        return cached.value;
    }

    private record CachedHorizon(Optional<Instant> value, Instant readAt) {
    }
}
