package io.syncid.writer.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.syncid.model.DocumentContent;
import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.writer.config.WriterConfig;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Measures the {@code UserIndex} propagation delay that the pull's settle window must exceed (SPEC §10): writes a probe
 * document of the reserved user {@value #PROBE_USER} (the gateway refuses {@code syncid-system:} subjects, so no
 * device ever pulls it) at a fresh position in a reserved lane, times until the index shows it, exports
 * {@code sync_index_lag_seconds} and warns when the p99 of recent probes nears the settle window.
 */
@ApplicationScoped
public class IndexLagProbe {

    private static final Logger LOG = Logger.getLogger(IndexLagProbe.class);
    public static final String PROBE_USER = "syncid-system:index-probe";
    /** The lane of probe positions: the highest one, never a partition of {@code sync.operations}. */
    public static final int PROBE_LANE = ChangePosition.MAX_LANE;
    private static final int RECENT = 100;
    private static final long POLL_MILLIS = 20;

    private final DynamoDbClient dynamo;
    private final Clock clock;
    private final WriterConfig.IndexProbe config;
    private final Timer lag;
    // One probe document per replica, rewritten each time.
    private final SyncId probeId = SyncId.random();
    private final Deque<Long> recentNanos = new ArrayDeque<>();
    private final Object probeLock = new Object();
    private volatile boolean stopping;

    IndexLagProbe(DynamoDbClient dynamo, Clock clock, WriterConfig config, MeterRegistry registry) {
        this.dynamo = dynamo;
        this.clock = clock;
        this.config = config.indexProbe();
        this.lag = Timer.builder("sync_index_lag_seconds")
                .description("Time from a Documents write until UserIndex shows it (probe document)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    }

    /** Schedules the probe unless its interval is 0. */
    void start(@Observes StartupEvent event, Scheduler scheduler) {
        if (config.interval().isZero() || config.interval().isNegative()) {
            LOG.info("index-lag probe is off (syncid.writer.index-probe.interval=0)");
            return;
        }
        scheduler.newJob("index-lag-probe")
                .setInterval(config.interval().toString())
                .setDelayed("5s")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> scheduled())
                .schedule();
    }

    /**
     * On {@link ShutdownEvent} (before the DynamoDB client closes): waits for a running probe to end, so no request is
     * cut off mid-flight, then removes this replica's probe document (each replica writes its own).
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        synchronized (probeLock) {
            removeProbe();
        }
    }

    private void removeProbe() {
        try {
            dynamo.deleteItem(b -> b.tableName(DocumentsTable.NAME)
                    .key(Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(probeId.toString()))));
        } catch (SdkException e) {
            LOG.debugf("probe document %s not removed: %s", probeId, e.getMessage());
        }
    }

    void scheduled() {
        try {
            probe();
        } catch (SdkException e) {
            LOG.warnf("index-lag probe failed: %s", e.getMessage());
        }
    }

    /** One probe: the lag it measured, or null when the probe did not show up within the timeout. */
    public Duration probe() {
        synchronized (probeLock) {
            return stopping ? null : probeOnce();
        }
    }

    private Duration probeOnce() {
        long millis = clock.millis();
        ChangePosition position = new ChangePosition(PROBE_LANE, millis, 0);
        DocumentItem item = new DocumentItem(probeId, PROBE_USER, "index probe", "syncid-system", Map.of(), List.of(),
                clock.instant(), clock.instant(), 1, null, null, null, false, null, null, null, List.of(),
                "remote-writer", position, millis, Map.of());
        var attributes = DocumentItemCodec.toItem(item);
        attributes.put(DocumentsTable.CONTENT_HASH,
                AttributeValue.fromS(io.syncid.model.ContentHash.of(new DocumentContent("index probe",
                        "syncid-system", Map.of(), List.of()))));
        long start = System.nanoTime();
        dynamo.putItem(b -> b.tableName(DocumentsTable.NAME).item(attributes));
        long deadline = start + config.timeout().toNanos();
        while (System.nanoTime() < deadline && !stopping) {
            boolean visible = !dynamo.query(b -> b.tableName(DocumentsTable.NAME).indexName(DocumentsTable.USER_INDEX)
                    .keyConditionExpression("#u = :u AND #p = :p")
                    .expressionAttributeNames(Map.of("#u", DocumentsTable.USER_ID, "#p", DocumentsTable.CHANGE_POS))
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(PROBE_USER),
                            ":p", AttributeValue.fromS(position.encode())))
                    .limit(1)).items().isEmpty();
            if (visible) {
                long nanos = System.nanoTime() - start;
                lag.record(Duration.ofNanos(nanos));
                warnIfNearWindow(nanos);
                return Duration.ofNanos(nanos);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        if (stopping) {
            return null;
        }
        LOG.warnf("index-lag probe not visible in %s after %s: the pull's settle window (%s) is too short",
                DocumentsTable.USER_INDEX, config.timeout(), config.settleWindow());
        return null;
    }

    private synchronized void warnIfNearWindow(long nanos) {
        recentNanos.addLast(nanos);
        if (recentNanos.size() > RECENT) {
            recentNanos.removeFirst();
        }
        List<Long> sorted = new ArrayList<>(recentNanos);
        Collections.sort(sorted);
        long p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
        long window = config.settleWindow().toNanos();
        if (p99 * 5 >= window * 4) {
            LOG.warnf("index lag p99 %d ms is near the pull settle window %d ms: raise the window",
                    p99 / 1_000_000, window / 1_000_000);
        }
    }
}
