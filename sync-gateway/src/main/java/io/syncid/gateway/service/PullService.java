package io.syncid.gateway.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import io.syncid.gateway.config.GatewayConfig;
import io.syncid.gateway.messaging.OperationLanes;
import io.syncid.gateway.repository.DocumentRepository;
import io.syncid.gateway.repository.LaneRead;
import io.syncid.gateway.repository.MetadataRepository;
import io.syncid.model.ErrorCode;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.PullCursor;

/**
 * Delta pull over the lanes of {@link ChangePosition} (one per partition of {@code sync.operations}): each lane is read
 * after the cursor's position, and the cursor only settles past settled changes, so a change that becomes visible in
 * the GSI late is never skipped.
 *
 * <p>
 * A page continuation (a page with {@code hasMore}) goes on after the last item it delivered, so a paged pull never
 * delivers an item twice, however young it is; only the cursor of the last page falls back to the settled positions,
 * so the next pull re-delivers the items younger than the settle window (devices apply by syncId and version).
 *
 * <p>
 * A pull without a cursor is a full pull: its pages together are the user's whole current state (tombstones not yet
 * purged included), and a device doing one replaces its local state with the result. {@code completeAtMillis} of the
 * next cursor is the instant up to which the device has then seen every change: the pull's start for a full pull, the
 * settled instant once a delta pull reaches the end of every lane, unchanged while pages remain. A cursor complete
 * only before the tombstone retention horizon may have missed a purged tombstone: RESYNC_REQUIRED.
 */
@ApplicationScoped
public class PullService {

    /** One page: its documents as read, lane after lane in page order, and the cursor after them. */
    public record Page(List<LaneRead> lanes, PullCursor next, boolean hasMore) {

        public boolean isEmpty() {
            return lanes.stream().allMatch(LaneRead::isEmpty);
        }

        /** The page's documents decoded, in page order. */
        public List<DocumentItem> documents() {
            return lanes.stream().flatMap(lane -> lane.documents().stream()).toList();
        }
    }

    private static final String HORIZON = "retention-horizon";

    private final DocumentRepository documents;
    private final OperationLanes lanes;
    private final GatewayConfig.Pull config;
    private final Clock clock;
    private final LoadingCache<String, Optional<Instant>> horizon;

    PullService(DocumentRepository documents, MetadataRepository metadata, OperationLanes lanes, GatewayConfig config,
            Clock clock) {
        this.documents = documents;
        this.lanes = lanes;
        this.config = config.pull();
        this.clock = clock;
        this.horizon = Caffeine.newBuilder()
                .expireAfterWrite(this.config.horizonCacheTtl())
                .build(key -> metadata.retentionHorizon());
    }

    public Page pull(String userId, String since, int limit) {
        return pull(userId, since, limit, lane -> {
        });
    }

    /**
     * {@link #pull(String, String, int)}, handing each lane's part of the page (in page order, never empty) to
     * {@code eachLane} as soon as it is read, before the next lane is queried.
     */
    public Page pull(String userId, String since, int limit, Consumer<LaneRead> eachLane) {
        long now = clock.millis();
        boolean fullPull = since == null || since.isEmpty();
        PullCursor cursor = fullPull ? PullCursor.initial().completeAt(now) : decode(since);
        int laneCount = lanes.count();
        long settled = now - config.settleWindow().toMillis();
        List<LaneRead> page = new ArrayList<>();
        int taken = 0;
        boolean hasMore = false;
        PullCursor next = cursor;
        for (int lane = 0; lane < laneCount && !(hasMore && taken == limit); lane++) {
            int remaining = limit - taken;
            ChangePosition from = cursor.resumeAfter(lane);
            LaneRead items = documents.changesInLane(userId, lane, from, remaining + 1);
            if (items.size() > remaining) {
                hasMore = true;
                items = items.head(remaining);
            }
            if (!items.isEmpty()) {
                page.add(items);
                taken += items.size();
                eachLane.accept(items);
            }
            // Settle only over a run of settled items that starts at the settled position: past an unsettled one
            // (here or on an earlier page of this continuation) an older item may still appear in the index.
            boolean settling = Objects.equals(from, cursor.after(lane));
            for (int i = 0; i < items.size(); i++) {
                ChangePosition position = items.position(i);
                settling = settling && items.changedAtMillis(i) <= settled;
                next = settling ? next.advance(lane, position) : next.deliver(lane, position);
            }
        }
        if (!hasMore) {
            next = next.restart();
            if (!fullPull) {
                next = next.completeAt(Math.max(cursor.completeAtMillis(), settled));
            }
        }
        return new Page(page, next, hasMore);
    }

    private PullCursor decode(String since) {
        PullCursor cursor;
        try {
            cursor = PullCursor.decode(since);
        } catch (IllegalArgumentException e) {
            throw new Refusal(ErrorCode.INVALID_CURSOR, "since is not a cursor this server issued");
        }
        Optional<Instant> purgedBefore = horizon.get(HORIZON);
        if (purgedBefore.isPresent() && cursor.completeAtMillis() < purgedBefore.get().toEpochMilli()) {
            throw new Refusal(ErrorCode.RESYNC_REQUIRED,
                    "the cursor is older than the tombstone retention horizon; do a full pull (no since)",
                    Map.of("retentionHorizon", purgedBefore.get().toString()));
        }
        return cursor;
    }
}
