package io.syncid.migration.service;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The dry-run reports of this process, in memory only: a dry-run writes nothing anywhere, so its report lives as long
 * as the process that computed it.
 */
@ApplicationScoped
public class DryRuns {

    private final Map<UUID, DryRunReport> reports = new ConcurrentHashMap<>();

    public void put(DryRunReport report) {
        reports.put(report.runId(), report);
    }

    public Optional<DryRunReport> get(UUID runId) {
        return Optional.ofNullable(reports.get(runId));
    }
}
