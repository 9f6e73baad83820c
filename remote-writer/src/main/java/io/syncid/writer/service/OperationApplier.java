package io.syncid.writer.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;
import io.syncid.writer.config.WriterConfig;
import io.syncid.writer.repository.DocumentStore;
import io.syncid.writer.repository.OutcomeStore;

/**
 * Applies one consolidated operation to {@code Documents}: read, decide ({@link WriteDecider}), write conditionally on
 * what was read; when a condition fails someone else wrote in between, so it reads and decides again. A conflict copy
 * gets its own attachment objects before it is written. Outcomes, attachment checks and the result are the caller's,
 * after the writes (SPEC §7 order: Documents, outcomes, result, offset).
 */
@ApplicationScoped
public class OperationApplier {

    private static final Logger LOG = Logger.getLogger(OperationApplier.class);
    /** Lost races in a row before the record counts as failed (and is retried after a backoff). */
    static final int MAX_ROUNDS = 20;

    private final DocumentStore documents;
    private final OutcomeStore outcomes;
    private final AttachmentChecks attachments;
    private final WriteDecider decider;
    private final Clock clock;
    private final WriterMetrics metrics;

    OperationApplier(DocumentStore documents, OutcomeStore outcomes, AttachmentChecks attachments,
            WriterConfig config, Clock clock, WriterMetrics metrics) {
        this.documents = documents;
        this.outcomes = outcomes;
        this.attachments = attachments;
        this.decider = new WriteDecider(ConflictPolicy.named(config.conflictPolicy()));
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Makes the writes of {@code op}, read from {@code partition} at {@code offset}; returns its outcome. */
    public AppliedOperation apply(ConsolidatedOperation op, int partition, long offset) {
        long start = System.nanoTime();
        ChangePosition position = new ChangePosition(partition, offset, 0);
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            // A CREATE or IMPORT almost always names a free syncId: try the conditional create without reading
            // first (one write instead of a read and a write); if the syncId is taken, read and decide as usual.
            boolean optimistic = round == 1
                    && (op.type() == OperationType.CREATE || op.type() == OperationType.IMPORT);
            Optional<StoredDocument> stored = optimistic ? Optional.empty() : documents.read(op.syncId());
            Instant now = clock.instant();
            Decision decision = decider.decide(op, stored, position, now, outcomes::find, SyncId::random);
            if (write(op, decision)) {
                metrics.writeTime(System.nanoTime() - start);
                boolean record = !(decision instanceof Decision.Answer)
                        || ((Decision.Answer) decision).recordOutcomes();
                AppliedOperation applied = new AppliedOperation(op, decision.outcome(), record, now, List.of());
                if (op.firstReceivedAt() != null && !(decision instanceof Decision.Answer)) {
                    metrics.applyLatency(Duration.between(op.firstReceivedAt(), now));
                }
                log(decision);
                return applied;
            }
            LOG.debugf("lost a write race on %s (round %d), reading again", op.syncId(), round);
        }
        throw new ConcurrentWriteException("gave up on " + op.syncId() + " after " + MAX_ROUNDS + " lost races");
    }

    private boolean write(ConsolidatedOperation op, Decision decision) {
        if (decision instanceof Decision.Put put) {
            return put.expected() == null
                    ? documents.create(put.next())
                    : documents.replace(put.next(), put.expected());
        }
        if (decision instanceof Decision.Conflict conflict) {
            if (conflict.markNeeded() && !documents.mark(op.syncId(), conflict.expected(), conflict.copyId(),
                    op.operationId())) {
                return false;
            }
            // After the mark, so a crash in between repeats the copies under the same syncId instead of orphaning them.
            attachments.copyForConflictCopy(op.userId(), op.syncId(), conflict.copy().item().attachments());
            // A taken random v4 id is astronomically unlikely; deciding again is the answer either way.
            return documents.putCopy(conflict.copy()) && documents.replace(conflict.next(), conflict.expected());
        }
        return true;
    }

    private static void log(Decision decision) {
        WriteOutcome outcome = decision.outcome();
        if (outcome.forbidden()) {
            LOG.infof("REJECTED FORBIDDEN: the syncId belongs to another user (device sees %s)", outcome.errorCode());
        } else if (decision instanceof Decision.Conflict conflict) {
            LOG.infof("conflict resolved: copy %s, original at version %d", conflict.copyId(), outcome.version());
        } else {
            LOG.debugf("%s %s version %d", outcome.outcome(), outcome.errorCode(), outcome.version());
        }
    }

    /** Too many lost races in a row on one document: retried like an unavailable dependency. */
    public static final class ConcurrentWriteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConcurrentWriteException(String message) {
            super(message);
        }
    }
}
