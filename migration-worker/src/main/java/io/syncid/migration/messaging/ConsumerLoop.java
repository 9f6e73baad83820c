package io.syncid.migration.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.syncid.runtime.kafka.DeadLetters;
import io.syncid.runtime.kafka.Failure;
import io.syncid.runtime.kafka.FailureClassifier;

/**
 * One plain Kafka consumer on its own thread with the platform's failure path (STYLE: one failure path): the records of
 * a poll handled one by one (or, with a batch handler, each partition's records together), then their offsets
 * committed once per poll (at least once; handlers are idempotent); a retriable failure (a dependency away) retries the
 * same record after a backoff, its partition rewound to it meanwhile; a poison record goes to {@code <topic>.dlq} with
 * the error headers (or is skipped, for a topic this consumer does not own) and the loop goes on. A batch that fails
 * for any other reason than a retriable one is handled again record by record, so only its poison record takes that
 * path.
 */
public final class ConsumerLoop implements Runnable {

    /** The work on one record; throws to report a failure. */
    @FunctionalInterface
    public interface Handler {
        void handle(ConsumerRecord<byte[], byte[]> record) throws Exception;
    }

    /** The work on the records of one partition from one poll, all or nothing; throws to report a failure. */
    @FunctionalInterface
    public interface BatchHandler {
        void handle(List<ConsumerRecord<byte[], byte[]>> records) throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final String name;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Handler handler;
    private final BatchHandler batchHandler;
    private final Publisher publisher;
    private final boolean deadLetter;
    private final Duration backoff;
    private final AtomicBoolean running = new AtomicBoolean(true);

    /** A loop handling record by record. */
    public ConsumerLoop(String name, Map<String, Object> props, String topic, Handler handler, Publisher publisher,
            boolean deadLetter, Duration backoff) {
        this(name, props, topic, handler, null, publisher, deadLetter, backoff);
    }

    /** A loop handling each partition's records of a poll with {@code batchHandler} ({@code handler} as fallback). */
    public ConsumerLoop(String name, Map<String, Object> props, String topic, Handler handler,
            BatchHandler batchHandler, Publisher publisher, boolean deadLetter, Duration backoff) {
        this.name = name;
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
        this.handler = handler;
        this.batchHandler = batchHandler;
        this.publisher = publisher;
        this.deadLetter = deadLetter;
        this.backoff = backoff;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (TopicPartition partition : records.partitions()) {
                    List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
                    long next = batchHandler == null ? handleEach(partition, batch) : handleBatch(partition, batch);
                    if (next >= 0) {
                        done.put(partition, new OffsetAndMetadata(next));
                    }
                    if (!running.get()) {
                        break;
                    }
                }
                commit(done);
            }
        } catch (WakeupException e) {
            // stop() woke the poll up
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s stopped", name);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
        if (done.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(done);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The partitions moved to another member, which gets the records again: handling is idempotent.
            LOG.infof("%s: offsets %s not committed (%s)", name, done, e.toString());
        }
    }

    /** Handles the records one by one; returns the offset to commit (-1: none handled). */
    private long handleEach(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
        long next = -1;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (!running.get() || !handle(partition, record)) {
                break;
            }
            next = record.offset() + 1;
        }
        return next;
    }

    /** Handles the records together; record by record after a failure that is not retriable. */
    private long handleBatch(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
        try {
            batchHandler.handle(records);
            return records.get(records.size() - 1).offset() + 1;
        } catch (Exception e) {
            Failure failure = FailureClassifier.classify(e);
            if (failure.retriable()) {
                LOG.warnf("%s: %s for %d records from %s-%d@%d, retrying in %s", name, failure.message(),
                        records.size(), partition.topic(), partition.partition(), records.get(0).offset(), backoff);
                consumer.seek(partition, records.get(0).offset());
                sleep();
                return -1;
            }
            return handleEach(partition, records);
        }
    }

    /** Handles one record; false when it must be tried again (the partition was rewound to it). */
    private boolean handle(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
        try {
            handler.handle(record);
        } catch (Exception e) {
            Failure failure = FailureClassifier.classify(e);
            if (failure.retriable() || !deadLetter(record, failure)) {
                LOG.warnf("%s: %s at %s-%d@%d, retrying in %s", name, failure.message(), record.topic(),
                        record.partition(), record.offset(), backoff);
                consumer.seek(partition, record.offset());
                sleep();
                return false;
            }
        }
        return true;
    }

    /** Dead-letters a poison record (or skips it); false when even that failed, so the record is retried. */
    private boolean deadLetter(ConsumerRecord<byte[], byte[]> record, Failure failure) {
        if (!deadLetter) {
            LOG.warnf("%s: skipped a record it cannot read at %s-%d@%d: %s", name, record.topic(),
                    record.partition(), record.offset(), failure.message());
            return true;
        }
        try {
            publisher.send(DeadLetters.record(record, failure));
            LOG.errorf("%s: dead-lettered %s-%d@%d: %s %s", name, record.topic(), record.partition(),
                    record.offset(), failure.code(), failure.message());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void sleep() {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** Stops the loop; the consumer leaves its group when the thread ends. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }
}
