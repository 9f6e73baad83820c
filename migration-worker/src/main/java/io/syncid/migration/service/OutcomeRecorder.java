package io.syncid.migration.service;

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
        if (!MigrationProcessor.DEVICE_ID.equals(result.deviceId())) {
            return;
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
            try (OperationMdc mdc = OperationMdc.of(result.syncId(), opId, result.userId(), result.deviceId())) {
                ledger.recordOutcome(opId, status, reason, result.version()).ifPresent(item -> {
                    if (status == ItemStatus.FAILED) {
                        LOG.warnf("legacy item %s failed: %s", item.legacyId, reason);
                    }
                    metrics.finished(item.runId, status);
                });
            }
        }
    }
}
