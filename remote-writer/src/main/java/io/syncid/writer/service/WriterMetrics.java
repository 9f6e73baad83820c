package io.syncid.writer.service;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.syncid.writer.config.WriterConfig;

/**
 * The writer's series (SPEC §10): outcomes by type and code, conflicts, {@code sync_failure_rate} (the rollout alert's
 * series: poison and failed attempts ÷ attempts over a sliding window), apply latency from receipt, write latency and
 * attachment mismatches.
 */
@ApplicationScoped
@Startup // the series exist from the start, not from the first operation: an alert must see 0, not nothing
public class WriterMetrics {

    private static final int BUCKETS = 60;

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter conflicts;
    private final Timer applyLatency;
    private final Timer writeLatency;
    private final long bucketMillis;
    // Ring of per-bucket counts; a bucket is reset when its slot is reused for a newer period.
    private final AtomicLongArray periods = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray attempts = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray failures = new AtomicLongArray(BUCKETS);

    WriterMetrics(MeterRegistry registry, Clock clock, WriterConfig config) {
        this.registry = registry;
        this.clock = clock;
        this.bucketMillis = Math.max(1, config.failureRateWindow().toMillis() / BUCKETS);
        this.conflicts = Counter.builder("sync_conflicts_total").description("Conflicts resolved with a copy")
                .register(registry);
        this.applyLatency = Timer.builder("sync_apply_latency_seconds")
                .description("From the first receipt of an operation's sources to its applied write")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
        this.writeLatency = Timer.builder("sync_write_seconds")
                .description("Time to decide and write one operation to Documents")
                .publishPercentileHistogram().register(registry);
        for (String kind : new String[]{"size", "checksum"}) {
            attachmentMismatches(kind);
        }
        Gauge.builder("sync_failure_rate", this, WriterMetrics::failureRate)
                .description("Poison and failed attempts ÷ attempts over syncid.writer.failure-rate-window")
                .register(registry);
    }

    /** One operation's outcome; {@code code} is FORBIDDEN for another user's syncId. */
    public void outcome(WriteOutcome outcome) {
        registry.counter("sync_write_outcomes_total", "outcome", outcome.outcome().name(), "code",
                outcome.metricCode() == null ? "none" : outcome.metricCode().name()).increment();
        if (outcome.conflictCopy() != null && outcome.outcome() == io.syncid.model.Outcome.CONFLICT_RESOLVED) {
            conflicts.increment();
        }
        attempt(false);
    }

    /** A record that failed (retriable) or was dead-lettered (poison). */
    public void failure() {
        attempt(true);
    }

    /** An attachment whose object in S3 has another {@code kind} ({@code size} or {@code checksum}) than declared. */
    public void attachmentMismatch(String kind) {
        attachmentMismatches(kind).increment();
    }

    private Counter attachmentMismatches(String kind) {
        return Counter.builder("sync_attachment_mismatches_total")
                .description("Stored attachments whose object already in S3 has another size or SHA-256")
                .tag("kind", kind).register(registry);
    }

    public void applyLatency(Duration sinceReceipt) {
        if (!sinceReceipt.isNegative()) {
            applyLatency.record(sinceReceipt);
        }
    }

    public void writeTime(long nanos) {
        writeLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    private void attempt(boolean failed) {
        long period = clock.millis() / bucketMillis;
        int slot = (int) (period % BUCKETS);
        long seen = periods.get(slot);
        if (seen != period && periods.compareAndSet(slot, seen, period)) {
            attempts.set(slot, 0);
            failures.set(slot, 0);
        }
        attempts.incrementAndGet(slot);
        if (failed) {
            failures.incrementAndGet(slot);
        }
    }

    double failureRate() {
        long period = clock.millis() / bucketMillis;
        long total = 0;
        long failed = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (period - periods.get(i) < BUCKETS) {
                total += attempts.get(i);
                failed += failures.get(i);
            }
        }
        return total == 0 ? 0 : (double) failed / total;
    }
}
