package io.syncid.tombstones.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.syncid.model.ChangeEvent;
import io.syncid.model.EventSchema;
import io.syncid.model.OperationType;
import io.syncid.model.store.DocumentItem;
import io.syncid.runtime.logging.OperationMdc;
import io.syncid.tombstones.config.TombstonesConfig;
import io.syncid.tombstones.messaging.ChangePublisher;
import io.syncid.tombstones.repository.AttachmentStore;
import io.syncid.tombstones.repository.DeletionRequest;
import io.syncid.tombstones.repository.DeletionRequestRepository;
import io.syncid.tombstones.repository.DocumentStore;
import io.syncid.tombstones.repository.TombstoneRepository;

/**
 * Data-deletion requests (SPEC §8): delete every document and attachment of one user, audited and idempotent. The
 * service never writes {@code Documents} itself: it publishes one DELETE per live document to {@code sync.changes}
 * (deterministic opId from request and syncId, so publishing again is a duplicate for the writer) and the writer's
 * DELETED results, recorded as tombstones, complete the request, once no live document is left (documents that
 * appeared meanwhile, such as conflict copies, get their DELETE on a later pass) and the user's S3 prefix is empty.
 */
@ApplicationScoped
public class DeletionRequests {

    private static final Logger LOG = Logger.getLogger(DeletionRequests.class);

    /** The reason every DELETE of a data-deletion request carries (SPEC §8). */
    public static final String REASON = "data-deletion-request";
    /** The deviceId of those DELETEs: a reserved {@code syncid-system:} name, never a device's. */
    public static final String DEVICE_ID = "syncid-system:data-deletion";
    /** Requests driven per pass. */
    private static final int REQUESTS_PER_PASS = 10;

    /** A request and its progress, as the operator API shows it. */
    public record Progress(UUID id, String userId, String status, String requestedBy, Instant requestedAt,
            int documents, long deleted, Instant completedAt) {
    }

    private final DeletionRequestRepository requests;
    private final TombstoneRepository tombstones;
    private final DocumentStore documents;
    private final AttachmentStore attachments;
    private final ChangePublisher publisher;
    private final TombstoneMetrics metrics;
    private final TombstonesConfig config;
    private final Clock clock;

    DeletionRequests(DeletionRequestRepository requests, TombstoneRepository tombstones, DocumentStore documents,
            AttachmentStore attachments, ChangePublisher publisher, TombstoneMetrics metrics, TombstonesConfig config,
            Clock clock) {
        this.requests = requests;
        this.tombstones = tombstones;
        this.documents = documents;
        this.attachments = attachments;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Opens a request to delete everything of {@code userId}, or returns the one already open for that user. Empty
     * when the platform has never had a document of that user (nothing to delete; a typo should not be audited as a
     * deletion).
     */
    public Optional<Progress> request(String userId, String requestedBy) {
        boolean known = documents.hasItems(userId)
                || QuarkusTransaction.requiringNew().call(() -> tombstones.count("userId", userId) > 0);
        if (!known) {
            return Optional.empty();
        }
        DeletionRequest request = QuarkusTransaction.requiringNew()
                .call(() -> requests.openOrExisting(userId, requestedBy, clock.instant()));
        LOG.infof("data-deletion request %s for user %s (asked by %s)", request.id, userId, requestedBy);
        return progress(request.id);
    }

    /** The request with this id and how far it got. */
    public Optional<Progress> progress(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> requests.byId(id).map(r -> new Progress(r.id, r.userId,
                r.status.name(), r.requestedBy, r.requestedAt, r.documents, requests.deletedCount(r.id),
                r.completedAt)));
    }

    /** One pass over the open requests: publish DELETEs for live documents, complete what is done. */
    public void drive() {
        QuarkusTransaction.requiringNew().timeout(600).run(() -> {
            for (DeletionRequest request : requests.claimOpen(REQUESTS_PER_PASS)) {
                try (var mdc = OperationMdc.of(null, null, request.userId, DEVICE_ID)) {
                    drive(request);
                }
            }
        });
    }

    private void drive(DeletionRequest request) {
        Instant now = clock.instant();
        List<DocumentItem> live = documents.itemsOf(request.userId).stream().filter(d -> !d.deleted()).toList();
        Set<String> published = requests.published(request.id);
        List<ChangeEvent> deletes = live.stream()
                .filter(d -> !published.contains(d.syncId().toString()))
                .map(d -> new ChangeEvent(EventSchema.CURRENT_VERSION, opId(request.id, d), d.syncId(),
                        OperationType.DELETE, d.version(), now, null, REASON, request.userId, DEVICE_ID, now))
                .toList();
        if (!deletes.isEmpty()) {
            publisher.publish(deletes, config.deletion().publishTimeout());
            requests.markPublished(request.id, deletes.stream().map(e -> e.syncId().toString()).toList(), now);
            request.documents += deletes.size();
            LOG.infof("data-deletion request %s: %d DELETEs published", request.id, deletes.size());
            return;
        }
        if (!live.isEmpty() || !requests.awaitingResult(request.id).isEmpty()) {
            return;
        }
        String prefix = request.userId + "/";
        // Everything left under the user's prefix goes now: tombstones' leftovers and uploads never written.
        int removed = attachments.deleteAll(prefix);
        metrics.attachmentsDeleted(removed);
        if (removed > 0) {
            LOG.infof("data-deletion request %s: %d attachment objects deleted", request.id, removed);
        }
        if (attachments.isEmpty(prefix)) {
            request.status = DeletionRequest.Status.COMPLETED;
            request.completedAt = now;
            LOG.infof("data-deletion request %s completed: %d documents", request.id, request.documents);
        }
    }

    /** Name-based, so a retried pass publishes the same opId and the writer sees a duplicate. */
    static UUID opId(UUID requestId, DocumentItem document) {
        return UUID.nameUUIDFromBytes(
                (REASON + ":" + requestId + ":" + document.syncId()).getBytes(StandardCharsets.UTF_8));
    }
}
