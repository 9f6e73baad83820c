package io.syncid.migration.service;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.migration.ledger.ItemStatus;
import io.syncid.migration.ledger.Ledger;
import io.syncid.migration.ledger.RunEntity;

/** The status of a run from the ledger (or, for a dry-run, from its in-memory report). */
@ApplicationScoped
public class StatusService {

    private final Ledger ledger;
    private final DryRuns dryRuns;

    StatusService(Ledger ledger, DryRuns dryRuns) {
        this.ledger = ledger;
        this.dryRuns = dryRuns;
    }

    public Optional<RunStatus> status(UUID runId) {
        Optional<DryRunReport> dry = dryRuns.get(runId);
        if (dry.isPresent()) {
            return Optional.of(dry.get().status());
        }
        Optional<RunEntity> run = ledger.run(runId);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        RunEntity r = run.get();
        Map<ItemStatus, Long> counts = ledger.counts(runId);
        return Optional.of(RunStatus.of(runId, false, r.status, r.total, counts.get(ItemStatus.MIGRATED),
                counts.get(ItemStatus.FAILED), counts.get(ItemStatus.SKIPPED), counts.get(ItemStatus.ROLLED_BACK),
                ledger.secondsSince(r.startedAt), r.startedAt));
    }
}
