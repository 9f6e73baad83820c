package io.syncid.gateway.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.gateway.service.ChangeListeners;
import io.syncid.gateway.service.LiveStreams;
import io.syncid.gateway.service.ResultLog;
import io.syncid.model.Topics;
import io.syncid.model.WriteResult;
import io.syncid.model.WriteResultDeserializer;
import io.syncid.runtime.kafka.KafkaDefaults;

/**
 * Reads every partition of {@code sync.results} on every replica (assigned, not a share of a group: each replica holds
 * its own requests and streams) from the end, wakes the held long-polls of each result's user and hands the result to
 * the user's change streams. Nothing is committed: a restart starts at the end again, which is safe because a woken
 * request reads the table by cursor, and a stream resumed from before the restart is told it cannot be replayed.
 */
@Startup
@ApplicationScoped
public class ResultsReader {

    private static final Logger LOG = Logger.getLogger(ResultsReader.class);

    private final ChangeListeners listeners;
    private final LiveStreams streams;
    private final ResultLog log;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final WriteResultDeserializer deserializer = new WriteResultDeserializer();
    private final Counter unreadable;
    private final Counter results;
    private final Duration partitionsRetry;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    ResultsReader(@Identifier("default-kafka-broker") Map<String, Object> kafka, ChangeListeners listeners,
            LiveStreams streams, ResultLog log, GatewayConfig config, MeterRegistry registry) {
        this.listeners = listeners;
        this.streams = streams;
        this.log = log;
        this.partitionsRetry = config.live().resultsPartitionsRetry();
        Map<String, Object> props = KafkaDefaults.consumer(kafka, "unused", "sync-gateway-results");
        // Assigned partitions, no group: every replica reads everything and never commits.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // The broker answers a fetch as soon as a record arrives (fetch.min.bytes 1): the wait only bounds an empty
        // fetch, so Kafka's 500 ms costs no wake-up latency. 50 ms had an idle gateway fetch every partition 20 times a
        // second (about a tenth of a core here).
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        this.consumer = new KafkaConsumer<>(props);
        this.unreadable = Counter.builder("sync_gateway_results_unreadable_total")
                .description("Records of sync.results skipped because they are not a readable WriteResult")
                .register(registry);
        this.results = Counter.builder("sync_gateway_results_read_total")
                .description("WriteResults read from sync.results to wake held requests")
                .register(registry);
        this.thread = new Thread(this::run, "sync-results-reader");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            assignAll();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    handle(record);
                }
                log.markDelivered();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("the sync.results reader stopped; held requests now wake only at their timeout", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void assignAll() {
        while (running) {
            List<PartitionInfo> partitions;
            try {
                partitions = consumer.partitionsFor(Topics.RESULTS, partitionsRetry);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                partitions = List.of();
            }
            if (partitions != null && !partitions.isEmpty()) {
                List<TopicPartition> assigned = partitions.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                consumer.assign(assigned);
                consumer.seekToEnd(assigned);
                // seekToEnd is lazy: resolve the positions now, so results published from here on are all seen.
                long[] starts = new long[assigned.size()];
                assigned.forEach(tp -> starts[tp.partition()] = consumer.position(tp));
                log.start(starts);
                this.assigned = true;
                LOG.infof("reading %d partitions of %s to wake held requests", assigned.size(), Topics.RESULTS);
                return;
            }
            LOG.warnf("%s has no partitions yet; retrying", Topics.RESULTS);
        }
    }

    void handle(ConsumerRecord<byte[], byte[]> record) {
        WriteResult result = null;
        try {
            result = deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.warnf("skipping unreadable record %s-%d@%d of sync.results: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
        if (result == null) {
            unreadable.increment();
            // Streams' positions move past it all the same.
            log.record(record.partition(), record.offset(), null);
            return;
        }
        results.increment();
        log.record(record.partition(), record.offset(), result);
        if (LiveStreams.changesDocuments(result.outcome())) {
            // A conflict copy keeps the owner of the document it copies (SPEC §5): waking that user wakes
            // the copy's owner too.
            listeners.wake(result.userId());
        }
        if (streams.listening(result.userId())) {
            streams.deliver(new ResultLog.Entry(record.partition(), record.offset(), result), log.position());
        }
    }

    /** True once the reader has its partitions and reads them. */
    public boolean reading() {
        return thread.isAlive() && assigned;
    }

    @PreDestroy
    void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
