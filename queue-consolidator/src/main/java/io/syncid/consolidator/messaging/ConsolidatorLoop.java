package io.syncid.consolidator.messaging;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.syncid.consolidator.config.ConsolidatorConfig;
import io.syncid.consolidator.service.Consolidation;
import io.syncid.model.ChangeEvent;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.ErrorCode;
import io.syncid.model.EventDeserializationException;
import io.syncid.model.EventJson;
import io.syncid.model.Topics;
import io.syncid.runtime.kafka.CloudEvents;
import io.syncid.runtime.kafka.DeadLetters;
import io.syncid.runtime.kafka.Failure;
import io.syncid.runtime.kafka.FailureClassifier;
import io.syncid.runtime.kafka.KafkaDefaults;
import io.syncid.runtime.logging.OperationMdc;

/**
 * The consume-transform-produce loop from {@code sync.changes} to {@code sync.operations}, exactly once: one Kafka
 * transaction per batch holds the consolidated operations, the dead-letter records of the batch's poison records and
 * the consumer offsets ({@code sendOffsetsToTransaction} with the consumer's group metadata, KIP-447), so a batch is
 * written entirely or not at all, and a zombie replica whose partitions moved on is fenced by the group generation.
 * <p>
 * A batch is what one {@code poll} returned, and when that poll was full and the consumer knows of more records
 * already waiting (lag above zero), what the next polls return too, up to {@code max-batch-records}: a backlog folds
 * across polls, while a lone operation is written as soon as its poll returns. Nothing ever waits for records that
 * are not there yet, so consolidation adds no latency when idle.
 * <p>
 * Plain Kafka clients on a dedicated thread rather than SmallRye's {@code KafkaTransactions}: the batch boundary
 * above, a transaction spanning the whole batch including its dead letters, and re-reading a failed batch from its
 * first offsets are stated directly here instead of through channel batching and acknowledgement settings.
 * <p>
 * A transaction never spans a {@code poll}: it begins after the last poll of its batch and commits or aborts before
 * the next one, so a rebalance (whose callbacks run inside {@code poll}) never finds an open transaction; records of
 * revoked partitions read for a batch being built are dropped, and their new owner starts from the offsets the last
 * committed batch wrote. A failed batch is aborted, its partitions are sought back to the batch's first offsets, and
 * it is read and folded again after a growing backoff.
 */
@Singleton
public class ConsolidatorLoop {

    /** {@code ce_source} of every consolidated operation. */
    public static final String SOURCE = "/queue-consolidator";

    private static final Logger LOG = Logger.getLogger(ConsolidatorLoop.class);
    private static final CloudEvents EVENTS = CloudEvents.of(CloudEventHeaders.TYPE_OPERATION, SOURCE);

    private final ConsolidatorConfig config;
    private final ConsolidationMetrics metrics;
    private final MeterRegistry registry;
    private final Map<String, Object> consumerProps;
    private final Map<String, Object> producerProps;
    private final String transactionalId;
    private final Codec codec;
    private final HangingOffsets hangingOffsets;

    private volatile boolean running;
    private volatile boolean pauseRequested;
    private volatile boolean paused;
    private volatile boolean joinedGroup;
    private volatile int assignedPartitions;
    private volatile Throwable failure;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    private KafkaProducer<byte[], byte[]> producer;
    private KafkaClientMetrics producerMetrics;
    /** The records read for the batch being built (consumer thread only); rebalances drop what moved away. */
    private Held held;

    ConsolidatorLoop(@Identifier("default-kafka-broker") Map<String, Object> kafka, ConsolidatorConfig config,
            ConsolidationMetrics metrics, MeterRegistry registry) {
        this.config = config;
        this.metrics = metrics;
        this.registry = registry;
        String instance = config.instanceId().orElseGet(ConsolidatorLoop::defaultInstanceId);
        this.transactionalId = config.transactionalIdPrefix() + "-" + instance;
        this.consumerProps = KafkaDefaults.consumer(kafka, config.groupId(), "queue-consolidator-" + instance);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        // Incremental rebalances: adding a replica moves only the partitions it takes, the others keep flowing.
        consumerProps.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName());
        this.producerProps = KafkaDefaults.producer(kafka, "queue-consolidator-" + instance + "-tx");
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        producerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.clientTimeout().toMillis());
        producerProps.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, config.producerRetryBackoff().toMillis());
        this.hangingOffsets = new HangingOffsets(
                KafkaDefaults.admin(kafka, "queue-consolidator-" + instance + "-admin"),
                config.groupId(), config.transactionalIdPrefix(), config.hangingOffsetsAfter(), config.clientTimeout(),
                System::currentTimeMillis,
                metrics::hangingTransactionAborted);
        this.codec = new Codec(config.codecThreads() > 0
                ? config.codecThreads()
                : Runtime.getRuntime().availableProcessors());
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the consumer thread (once). */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "queue-consolidator");
        thread.start();
        LOG.infof("consolidating %s into %s as %s (group %s)", Topics.CHANGES, Topics.OPERATIONS, transactionalId,
                config.groupId());
    }

    /** Lets the batch in progress commit, then closes the clients (the group rebalances at once). */
    public synchronized void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(config.shutdownTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops reading: returns once the batch in progress committed and no further record will be read until
     * {@link #resume()}. The group membership and assignment stay (an operator's brake, and how tests build a backlog).
     */
    public void pause() {
        pauseRequested = true;
        awaitPaused(true);
    }

    /** Reads again after {@link #pause()}; returns once the loop applied it. */
    public void resume() {
        pauseRequested = false;
        awaitPaused(false);
    }

    /** Whether the consumer thread runs (liveness). */
    public boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive() && failure == null;
    }

    /** Whether this replica has joined its consumer group at least once (readiness). */
    public boolean joinedGroup() {
        return joinedGroup;
    }

    /** Partitions of {@code sync.changes} this replica owns now. */
    public int assignedPartitions() {
        return assignedPartitions;
    }

    /** Why the loop ended, when it ended on a failure. */
    public Throwable failure() {
        return failure;
    }

    /** The transactional id of this replica's producer. */
    public String transactionalId() {
        return transactionalId;
    }

    private void awaitPaused(boolean expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (paused != expected) {
            if (!alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the consolidator loop did not " + (expected ? "pause" : "resume"));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private void run() {
        Backoff backoff = new Backoff(config.retryBackoff(), config.retryBackoffMax());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps);
                KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(c)) {
            consumer = c;
            // Lag per partition (records-lag) and its max, next to the group lag KEDA reads from the broker.
            consumerMetrics.bindTo(registry);
            c.subscribe(List.of(Topics.CHANGES), new Rebalance(c));
            while (running) {
                if (producer == null && !openProducer(backoff)) {
                    continue;
                }
                applyPause(c);
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = c.poll(config.pollTimeout());
                } catch (WakeupException e) {
                    continue;
                }
                assignedPartitions = c.assignment().size();
                hangingOffsets.check(c);
                if (records.isEmpty()) {
                    continue;
                }
                held = new Held();
                held.add(records);
                drainBacklog(c, records);
                if (held.count() > 0) {
                    consolidate(c, held, backoff);
                }
                held = null;
            }
        } catch (Throwable t) {
            failure = t;
            LOG.error("the consolidator loop stopped", t);
        } finally {
            consumer = null;
            closeProducer();
            hangingOffsets.close();
            codec.close();
        }
    }

    /**
     * After a full poll (a backlog), reads on while records are already waiting (the consumer's lag says so), up to
     * {@code max-batch-records}: a backlog folds across polls, an idle partition never makes the batch wait.
     */
    private void drainBacklog(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> first) {
        if (first.count() < config.maxPollRecords()) {
            return;
        }
        while (running && held.count() < config.maxBatchRecords() && lagging(c)) {
            ConsumerRecords<byte[], byte[]> next;
            try {
                next = c.poll(config.pollTimeout());
            } catch (WakeupException e) {
                return;
            }
            if (next.isEmpty()) {
                // The lag was stale: nothing is waiting after all.
                return;
            }
            held.add(next);
        }
    }

    /** Whether records beyond the consumer's position are known to be in one of its (unpaused) partitions. */
    private static boolean lagging(KafkaConsumer<byte[], byte[]> c) {
        Set<TopicPartition> paused = c.paused();
        for (TopicPartition partition : c.assignment()) {
            if (!paused.contains(partition) && c.currentLag(partition).orElse(0) > 0) {
                return true;
            }
        }
        return false;
    }

    /** One batch in one transaction; on failure the batch is aborted and read again after the backoff. */
    private void consolidate(KafkaConsumer<byte[], byte[]> c, Held records, Backoff backoff) {
        Batch batch = transform(records);
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> record : batch.deadLetters()) {
                producer.send(record);
            }
            for (ProducerRecord<byte[], byte[]> operation : batch.operations()) {
                producer.send(operation);
            }
            producer.sendOffsetsToTransaction(nextOffsets(records), c.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            // Another live process holds this transactional id: two replicas were given one instance id. Writing on
            // would fence it in turn; stopping makes the liveness check fail, which is what an operator must see.
            throw e;
        } catch (RuntimeException e) {
            // Whatever failed (broker away, a rebalance that moved the group on, a timeout), the records are not at
            // fault: they were read already, so the batch is retried, never dead-lettered.
            LOG.warnf("batch of %d records aborted, read again after %s: %s", records.count(), backoff.peek(),
                    e.toString());
            abort();
            seekBack(c, records);
            backoff.sleep();
            return;
        }
        backoff.reset();
        metrics.committed(records.count(), batch.events(), batch.operations().size());
        batch.deadLetterCodes().forEach(metrics::deadLettered);
    }

    /**
     * Reads the records, dead-letters the poison ones, folds the rest and writes the operations' records. Pure CPU:
     * nothing here is retriable.
     */
    private Batch transform(Held records) {
        List<ConsumerRecord<byte[], byte[]>> all = records.all();
        Object[] parsed = new Object[all.size()];
        codec.forEach(parsed.length, i -> {
            try {
                parsed[i] = read(all.get(i));
            } catch (RuntimeException e) {
                parsed[i] = e;
            }
        });
        List<ChangeEvent> events = new ArrayList<>(records.count());
        List<ConsumerRecord<byte[], byte[]>> sources = new ArrayList<>(records.count());
        List<ProducerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        List<ErrorCode> codes = new ArrayList<>();
        for (int i = 0; i < parsed.length; i++) {
            if (parsed[i] instanceof ChangeEvent event) {
                events.add(event);
                sources.add(all.get(i));
            } else {
                deadLetter(all.get(i), (RuntimeException) parsed[i], deadLetters, codes);
            }
        }
        List<ConsolidatedOperation> operations;
        try {
            operations = Consolidation.fold(events);
        } catch (RuntimeException e) {
            // A fold that fails is a bug, not the records' fault: pass them through one by one instead, so only a
            // record that cannot even be passed through is dead-lettered and the partition moves on.
            LOG.error("folding a batch failed; its operations pass through unfolded", e);
            operations = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                try {
                    operations.addAll(Consolidation.fold(List.of(events.get(i))));
                } catch (RuntimeException single) {
                    deadLetter(sources.get(i), single, deadLetters, codes);
                }
            }
        }
        List<ConsolidatedOperation> folded = operations;
        @SuppressWarnings("unchecked")
        ProducerRecord<byte[], byte[]>[] written = new ProducerRecord[folded.size()];
        codec.forEach(written.length, i -> written[i] = operationRecord(folded.get(i)));
        return new Batch(Arrays.asList(written), events.size(), deadLetters, codes);
    }

    /**
     * The event of one record. Raw bytes are read here, not in the consumer, so an unreadable record reaches the
     * dead-letter path instead of failing the poll.
     */
    static ChangeEvent read(ConsumerRecord<byte[], byte[]> record) {
        ChangeEvent event = EventJson.read(record.value(), ChangeEvent.class);
        byte[] expected = event.syncId().toString().getBytes(StandardCharsets.UTF_8);
        if (!Arrays.equals(expected, record.key())) {
            // Keyed otherwise, the record may sit in another partition than its syncId's other operations, and
            // their order (SPEC §1) cannot be kept.
            String key = record.key() == null ? "null" : new String(record.key(), StandardCharsets.UTF_8);
            throw new EventDeserializationException(ErrorCode.POISON_RECORD,
                    "ChangeEvent: record key " + key + " is not its syncId " + event.syncId());
        }
        return event;
    }

    private static void deadLetter(ConsumerRecord<byte[], byte[]> record, RuntimeException e,
            List<ProducerRecord<byte[], byte[]>> deadLetters, List<ErrorCode> codes) {
        Failure failed = FailureClassifier.classify(e);
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        try (OperationMdc mdc = OperationMdc.of(key, CloudEvents.text(record.headers(), CloudEventHeaders.ID), null,
                null)) {
            LOG.warnf("dead-lettering %s-%d@%d: %s %s", record.topic(), record.partition(), record.offset(),
                    failed.code(), failed.message());
        }
        deadLetters.add(DeadLetters.record(record, failed));
        codes.add(failed.code());
    }

    private static ProducerRecord<byte[], byte[]> operationRecord(ConsolidatedOperation op) {
        String syncId = op.syncId().toString();
        return new ProducerRecord<>(Topics.OPERATIONS, null, syncId.getBytes(StandardCharsets.UTF_8),
                EventJson.write(op), EVENTS.headers(op.operationId().toString(), syncId));
    }

    /** The offset after the last record of each partition of the batch: where the next batch starts. */
    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(Held records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.of(partition);
            ConsumerRecord<byte[], byte[]> last = inPartition.get(inPartition.size() - 1);
            offsets.put(partition, new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
        }
        return offsets;
    }

    /** Rewinds each partition of an aborted batch that this replica still owns to the batch's first record. */
    private static void seekBack(KafkaConsumer<byte[], byte[]> c, Held records) {
        Set<TopicPartition> owned = c.assignment();
        for (TopicPartition partition : records.partitions()) {
            if (owned.contains(partition)) {
                c.seek(partition, records.of(partition).get(0).offset());
            }
        }
    }

    private void applyPause(KafkaConsumer<byte[], byte[]> c) {
        boolean wanted = pauseRequested;
        if (wanted != paused) {
            if (wanted) {
                c.pause(c.assignment());
            } else {
                c.resume(c.paused());
            }
            paused = wanted;
        }
    }

    /** Creates the transactional producer; false (after the backoff) when the broker cannot be reached yet. */
    private boolean openProducer(Backoff backoff) {
        KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(producerProps);
        try {
            // Also aborts whatever a crashed process of the same transactional id left open.
            created.initTransactions();
        } catch (KafkaException e) {
            LOG.warnf("cannot start the transactional producer %s yet (%s); retrying after %s", transactionalId,
                    e.toString(), backoff.peek());
            created.close(Duration.ZERO);
            backoff.sleep();
            return false;
        }
        producer = created;
        producerMetrics = new KafkaClientMetrics(created);
        producerMetrics.bindTo(registry);
        return true;
    }

    /** Aborts the open transaction; a producer that cannot abort is replaced (a new one aborts it at init). */
    private void abort() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            LOG.warnf("abort failed (%s); the producer is replaced", e.toString());
            closeProducer();
        }
    }

    private void closeProducer() {
        if (producerMetrics != null) {
            producerMetrics.close();
            producerMetrics = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** The records of one batch, per partition in offset order. */
    private static final class Held {

        private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new LinkedHashMap<>();
        private int count;

        void add(ConsumerRecords<byte[], byte[]> records) {
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> polled = records.records(partition);
                byPartition.computeIfAbsent(partition, p -> new ArrayList<>(polled.size())).addAll(polled);
                count += polled.size();
            }
        }

        void drop(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                List<ConsumerRecord<byte[], byte[]>> dropped = byPartition.remove(partition);
                if (dropped != null) {
                    count -= dropped.size();
                }
            }
        }

        int count() {
            return count;
        }

        Set<TopicPartition> partitions() {
            return byPartition.keySet();
        }

        List<ConsumerRecord<byte[], byte[]>> of(TopicPartition partition) {
            return byPartition.get(partition);
        }

        List<ConsumerRecord<byte[], byte[]>> all() {
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(count);
            byPartition.values().forEach(all::addAll);
            return all;
        }
    }

    /** What one batch becomes. */
    private record Batch(List<ProducerRecord<byte[], byte[]>> operations, int events,
            List<ProducerRecord<byte[], byte[]>> deadLetters, List<ErrorCode> deadLetterCodes) {
    }

    /** Keeps the health state and re-applies a pause to partitions a rebalance hands over. */
    private final class Rebalance implements ConsumerRebalanceListener {

        private final KafkaConsumer<byte[], byte[]> c;

        Rebalance(KafkaConsumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Nothing to commit or abort: no transaction is open while poll runs (see the class comment). Records of
            // these partitions read for the batch being built are dropped: their new owner reads them again from
            // the last committed offsets.
            if (held != null) {
                held.drop(partitions);
            }
            assignedPartitions = c.assignment().size() - partitions.size();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            joinedGroup = true;
            if (paused) {
                c.pause(partitions);
            }
            assignedPartitions = c.assignment().size();
        }
    }

    /** Exponential backoff between retries of a failing batch. */
    private static final class Backoff {

        private final long initialMillis;
        private final long maxMillis;
        private long nextMillis;

        Backoff(Duration initial, Duration max) {
            this.initialMillis = Math.max(1, initial.toMillis());
            this.maxMillis = Math.max(initialMillis, max.toMillis());
            this.nextMillis = initialMillis;
        }

        Duration peek() {
            return Duration.ofMillis(nextMillis);
        }

        void sleep() {
            try {
                Thread.sleep(nextMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            nextMillis = Math.min(maxMillis, nextMillis * 2);
        }

        void reset() {
            nextMillis = initialMillis;
        }
    }
}
