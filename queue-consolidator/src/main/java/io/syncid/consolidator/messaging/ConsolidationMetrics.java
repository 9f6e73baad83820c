package io.syncid.consolidator.messaging;

import java.util.concurrent.atomic.DoubleAdder;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncid.model.ErrorCode;

/**
 * The consolidator's meters (SPEC §10: consolidation in/out): operations in, consolidated operations out, their ratio,
 * records per poll batch and dead-lettered records by code. Counted once a batch's transaction committed, so a retried
 * batch is not counted twice.
 */
@Singleton
public class ConsolidationMetrics {

    private final MeterRegistry registry;
    private final Counter in;
    private final Counter out;
    private final DistributionSummary batchSize;
    private final DoubleAdder inTotal = new DoubleAdder();
    private final DoubleAdder outTotal = new DoubleAdder();

    ConsolidationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.in = Counter.builder("sync_consolidation_in")
                .description("Change events read from sync.changes and folded (dead-lettered records excluded)")
                .register(registry);
        this.out = Counter.builder("sync_consolidation_out")
                .description("Consolidated operations written to sync.operations")
                .register(registry);
        this.batchSize = DistributionSummary.builder("sync_consolidation_batch_size")
                .description("Records per poll batch, i.e. per transaction")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(10_000.0)
                .register(registry);
        Gauge.builder("sync_consolidation_fold_ratio", this, ConsolidationMetrics::foldRatio)
                .description("Operations in per consolidated operation out since start (1 = nothing folded)")
                .register(registry);
    }

    /** One committed batch: {@code records} polled, {@code events} of them folded into {@code operations}. */
    void committed(int records, int events, int operations) {
        batchSize.record(records);
        in.increment(events);
        out.increment(operations);
        inTotal.add(events);
        outTotal.add(operations);
    }

    /** One committed dead-letter record. */
    void deadLettered(ErrorCode code) {
        Counter.builder("sync_consolidation_dlq")
                .description("Records of sync.changes sent to sync.changes.dlq, by error code")
                .tag("code", code.name())
                .register(registry)
                .increment();
    }

    void hangingTransactionAborted() {
        Counter.builder("sync_consolidation_hanging_transactions_aborted")
                .description("Abort markers written for transactions that held the group's offsets pending for good")
                .register(registry)
                .increment();
    }

    private double foldRatio() {
        double operations = outTotal.sum();
        return operations == 0 ? 1.0 : inTotal.sum() / operations;
    }
}
