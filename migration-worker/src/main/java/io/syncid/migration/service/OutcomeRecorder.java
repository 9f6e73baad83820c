package io.syncid.migration.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.syncid.migration.ledger.ItemStatus;
import io.syncid.migration.ledger.Ledger;
import io.syncid.model.WriteResult;
import io.syncid.runtime.logging.OperationMdc;

/**
 * Completes items from the writer's results on {@code sync.results} (SPEC §7, §9): an IMPORT APPLIED, DELETED (a
 * deleted legacy item became a tombstone) or DUPLICATE (applied before) is MIGRATED; REJECTED is FAILED with the code
 * ({@code SYNC_ID_UNAVAILABLE}, {@code TOMBSTONED}: nothing was overwritten). Results of other devices' operations
 * and of unknown opIds change nothing.
 */
@ApplicationScoped
public class OutcomeRecorder {

    private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);

    private final Ledger ledger;
    private final MigrationMetrics metrics;

    OutcomeRecorder(Ledger ledger, MigrationMetrics metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    public void record(WriteResult result) {
        recordAll(List.of(result));
    }

    /** The results of one poll, recorded in one ledger transaction (one per result was the worker's main cost). */
    public void recordAll(List<WriteResult> results) {
        List<Ledger.Outcome> outcomes = new ArrayList<>();
        Map<UUID, WriteResult> byOpId = new HashMap<>();
        for (WriteResult result : results) {
            if (!MigrationProcessor.DEVICE_ID.equals(result.deviceId())) {
                continue;
            }
            ItemStatus status;
            String reason;
            switch (result.outcome()) {
                case APPLIED, DELETED, DUPLICATE -> {
                    status = ItemStatus.MIGRATED;
                    reason = null;
                }
                case REJECTED -> {
                    status = ItemStatus.FAILED;
                    reason = result.errorCode().name() + ": the writer refused the IMPORT"
                            + (result.reason() == null ? "" : " (" + result.reason() + ")");
                }
                case CONFLICT_RESOLVED, PENDING -> {
                    status = ItemStatus.FAILED;
                    reason = result.outcome() + ": unexpected outcome for an IMPORT";
                }
                default -> throw new IllegalStateException("unknown outcome " + result.outcome());
            }
            for (UUID opId : result.sourceOpIds()) {
                outcomes.add(new Ledger.Outcome(opId, status, reason, result.version()));
                byOpId.put(opId, result);
            }
        }
        if (outcomes.isEmpty()) {
            return;
        }
        for (Ledger.Settled item : ledger.recordOutcomes(outcomes)) {
            WriteResult result = byOpId.get(item.opId());
            try (OperationMdc mdc = OperationMdc.of(result.syncId(), item.opId(), result.userId(),
                    result.deviceId())) {
                if (item.status() == ItemStatus.FAILED) {
                    LOG.warnf("legacy item %s failed: %s", item.legacyId(), item.reason());
                }
                metrics.finished(item.runId(), item.status());
            }
        }
    }
}
