package io.syncid.writer.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.syncid.model.AttachmentMismatch;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.EventJson;
import io.syncid.model.Topics;
import io.syncid.model.store.OperationOutcome;
import io.syncid.runtime.kafka.Failure;
import io.syncid.runtime.kafka.FailureClassifier;
import io.syncid.runtime.kafka.KafkaDefaults;
import io.syncid.runtime.logging.OperationMdc;
import io.syncid.writer.config.WriterConfig;
import io.syncid.writer.repository.AttachmentStore;
import io.syncid.writer.repository.OutcomeStore;
import io.syncid.writer.service.AppliedOperation;
import io.syncid.writer.service.AttachmentChecks;
import io.syncid.writer.service.OperationApplier;
import io.syncid.writer.service.WriterMetrics;

/**
 * The consumer of {@code sync.operations}: one polling thread owns the {@link KafkaConsumer}; the records of a poll are
 * grouped by partition and each partition's records are applied strictly one after the other on a small worker pool
 * (partitions in parallel), so change positions grow in apply order within a lane ({@code ChangePosition}). A partition
 * stays paused while its work is in flight. After a partition's records: their attachment checks (each started
 * before its record's write, see {@link AttachmentChecks}), outcomes (one batch write), results (acked), then the
 * offset commit from the polling thread. A retriable failure seeks the partition back to the failed record
 * and keeps it paused for an exponential backoff while polling goes on (the group membership survives a DynamoDB
 * outage); a poison record is dead-lettered and skipped. Revoked partitions finish (or are dropped) before the
 * rebalance completes and are never committed afterwards.
 */
@ApplicationScoped
public class OperationsConsumer {

    private static final Logger LOG = Logger.getLogger(OperationsConsumer.class);
    /**
     * Longest poll while partition runs are in flight: a paused partition is committed and resumed only on the polling
     * thread, after a poll returns, and a poll over paused partitions returns only at its timeout (a worker cannot
     * wake it safely: {@code wakeup()} would also break a commit). A short poll lets a finished partition go on at
     * once instead of idling for the whole poll timeout.
     */
    private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(2);

    private final Map<String, Object> kafka;
    private final WriterConfig config;
    private final OperationApplier applier;
    private final AttachmentChecks attachments;
    private final OutcomeStore outcomes;
    private final ResultPublisher publisher;
    private final WriterMetrics metrics;
    private final Clock clock;

    private final Map<TopicPartition, Future<PartitionRun>> inFlight = new HashMap<>();
    /** A permit each time a partition run completes: what the polling thread waits for when nothing is fetchable. */
    private final Semaphore runsDone = new Semaphore(0);
    private final Map<TopicPartition, Backoff> backoffs = new HashMap<>();
    private final Duration inFlightPoll;
    private volatile boolean running;
    private volatile Thread pollThread;
    private volatile long lastPollMillis;
    private ExecutorService workers;
    private KafkaConsumer<byte[], byte[]> consumer;

    OperationsConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, WriterConfig config,
            OperationApplier applier, AttachmentChecks attachments, OutcomeStore outcomes, ResultPublisher publisher,
            WriterMetrics metrics, Clock clock) {
        this.kafka = kafka;
        this.config = config;
        this.applier = applier;
        this.attachments = attachments;
        this.outcomes = outcomes;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.inFlightPoll = config.pollTimeout().compareTo(IN_FLIGHT_POLL) < 0 ? config.pollTimeout() : IN_FLIGHT_POLL;
    }

    void start(@Observes StartupEvent event) {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "remote-writer-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        running = true;
        Thread thread = new Thread(this::pollLoop, "remote-writer-poll");
        thread.setDaemon(true);
        pollThread = thread;
        thread.start();
    }

    /** Liveness: the polling thread runs and has polled recently. */
    public boolean alive() {
        Thread thread = pollThread;
        return thread != null && thread.isAlive()
                && System.currentTimeMillis() - lastPollMillis < Math.max(60_000,
                        config.revokeTimeout().toMillis() * 3);
    }

    /**
     * Stops polling and finishes the in-flight work (committing it) before the application's clients close: on
     * {@link ShutdownEvent}, which comes before any bean is destroyed, so no DynamoDB request is cut off mid-flight.
     */
    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    synchronized void stop() {
        if (!running && pollThread == null) {
            return;
        }
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread thread = pollThread;
        if (thread != null) {
            try {
                thread.join(config.revokeTimeout().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (workers != null) {
            workers.shutdownNow();
        }
        pollThread = null;
    }

    /** The offset this replica last committed per assigned partition (polling thread only). */
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    private void pollLoop() {
        Map<String, Object> props = KafkaDefaults.consumer(kafka, config.groupId(),
                "remote-writer-" + ProcessHandle.current().pid());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) config.sessionTimeout().toMillis() / 3);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.fetchMaxWait().toMillis());
        lastPollMillis = System.currentTimeMillis();
        while (running) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
                consumer = c;
                c.subscribe(List.of(Topics.OPERATIONS), new Rebalance());
                while (running) {
                    lastPollMillis = System.currentTimeMillis();
                    ConsumerRecords<byte[], byte[]> records;
                    try {
                        records = c.poll(nextPollTimeout(c));
                    } catch (WakeupException e) {
                        // stop() woke the poll: leave the loop and finish the in-flight work below.
                        continue;
                    }
                    for (TopicPartition tp : records.partitions()) {
                        List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
                        c.pause(Set.of(tp));
                        inFlight.put(tp, submit(() -> runPartition(tp, batch)));
                    }
                    completeFinished();
                    resumeDue();
                    commitPastMarkers();
                }
                drainOnShutdown(c);
            } catch (WakeupException e) {
                // stop() woke the poll
            } catch (RuntimeException e) {
                // The consumer itself broke (not a record): start a new one after a pause, in-flight work is dropped.
                LOG.errorf(e, "the consumer of %s failed; starting a new one", Topics.OPERATIONS);
                dropAll();
                sleep(config.maxBackoff().toMillis());
            } finally {
                consumer = null;
                committed.clear();
            }
        }
    }

    /**
     * How long the next poll may wait: the configured timeout with nothing in flight, a short poll while runs are in
     * flight and some partition can still be fetched. When every assigned partition is paused (in flight or backing
     * off) no poll can return records, so the thread waits for a run to finish or a backoff to come due and then polls
     * without waiting: a 2 ms poll loop spent about a tenth of the writer's CPU while all its partitions were busy.
     */
    private Duration nextPollTimeout(KafkaConsumer<byte[], byte[]> c) {
        if (inFlight.isEmpty()) {
            return config.pollTimeout();
        }
        if (!c.paused().containsAll(c.assignment())) {
            return inFlightPoll;
        }
        long now = System.currentTimeMillis();
        long waitMillis = config.pollTimeout().toMillis();
        for (Backoff backoff : backoffs.values()) {
            waitMillis = Math.min(waitMillis, Math.max(0, backoff.resumeAtMillis() - now));
        }
        try {
            runsDone.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Duration.ZERO;
    }

    /** Runs {@code run} on the worker pool; its completion (even a cancellation) releases a {@link #runsDone} permit. */
    private Future<PartitionRun> submit(Callable<PartitionRun> run) {
        FutureTask<PartitionRun> task = new FutureTask<>(run) {
            @Override
            protected void done() {
                runsDone.release();
            }
        };
        workers.execute(task);
        return task;
    }

    /** Applies one partition's records in offset order; never throws. */
    private PartitionRun runPartition(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
        List<Pending> done = new ArrayList<>();
        long flushedUpTo = records.get(0).offset();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (Thread.currentThread().isInterrupted()) {
                return flushThenRetry(tp, done, flushedUpTo, record.offset(), null);
            }
            ConsolidatedOperation op = null;
            try {
                op = EventJson.read(record.value(), ConsolidatedOperation.class);
            } catch (RuntimeException e) {
                // Unreadable bytes: poison, with no identities for the MDC.
                Failure failure = classify(e);
                PartitionRun stop = poison(tp, record, failure, done, flushedUpTo);
                if (stop != null) {
                    return stop;
                }
                done.clear();
                flushedUpTo = record.offset() + 1;
                continue;
            }
            try (OperationMdc mdc = OperationMdc.of(op.syncId(), op.sourceOpIds().get(0), op.userId(),
                    op.deviceId())) {
                try {
                    CompletableFuture<List<AttachmentMismatch>> check = attachments.check(op);
                    AppliedOperation applied = applier.apply(op, record.partition(), record.offset());
                    metrics.outcome(applied.outcome());
                    done.add(new Pending(applied, check));
                } catch (RuntimeException e) {
                    Failure failure = classify(e);
                    if (failure.retriable()) {
                        metrics.failure();
                        LOG.warnf("record %s@%d failed, will retry after a backoff: %s", tp, record.offset(),
                                failure.message());
                        return flushThenRetry(tp, done, flushedUpTo, record.offset(), failure);
                    }
                    PartitionRun stop = poison(tp, record, failure, done, flushedUpTo);
                    if (stop != null) {
                        return stop;
                    }
                    done.clear();
                    flushedUpTo = record.offset() + 1;
                }
            }
        }
        PartitionRun flushFailed = flush(tp, done, flushedUpTo);
        if (flushFailed != null) {
            return flushFailed;
        }
        return PartitionRun.done(tp, records.get(records.size() - 1).offset() + 1);
    }

    /**
     * Dead-letters a poison record after the outcomes and results of the records before it (they precede it); null
     * when done, else the run to report (a retry from the first record not yet flushed).
     */
    private PartitionRun poison(TopicPartition tp, ConsumerRecord<byte[], byte[]> record, Failure failure,
            List<Pending> done, long flushedUpTo) {
        metrics.failure();
        PartitionRun flushFailed = flush(tp, done, flushedUpTo);
        if (flushFailed != null) {
            return flushFailed;
        }
        try {
            LOG.errorf("record %s@%d is poison, dead-lettered: %s", tp, record.offset(), failure.message());
            publisher.deadLetter(record, failure);
            return null;
        } catch (RuntimeException dlq) {
            return PartitionRun.retry(tp, record.offset(), record.offset(), classify(dlq));
        }
    }

    private PartitionRun flushThenRetry(TopicPartition tp, List<Pending> done, long flushedUpTo,
            long failedOffset, Failure failure) {
        PartitionRun flushFailed = flush(tp, done, flushedUpTo);
        if (flushFailed != null) {
            return flushFailed;
        }
        return PartitionRun.retry(tp, failedOffset, failedOffset, failure);
    }

    /**
     * Waits for the attachment checks of {@code done}, records their outcomes (one batch write) and publishes their
     * results; null when all went through, else a retry from the first record of {@code done} (re-processing re-emits
     * the same outcomes and checks again).
     */
    private PartitionRun flush(TopicPartition tp, List<Pending> done, long flushedUpTo) {
        if (done.isEmpty()) {
            return null;
        }
        try {
            List<AppliedOperation> checked = new ArrayList<>(done.size());
            for (Pending pending : done) {
                checked.add(pending.checked());
            }
            Instant expiresAt = clock.instant().plus(config.outcomeRetention());
            List<OperationOutcome> items = new ArrayList<>();
            checked.forEach(a -> items.addAll(a.outcomes(expiresAt)));
            outcomes.record(items);
            publisher.publish(checked.stream().map(AppliedOperation::result).toList());
            return null;
        } catch (RuntimeException thrown) {
            RuntimeException e = thrown instanceof CompletionException
                    && thrown.getCause() instanceof RuntimeException c
                            ? c
                            : thrown;
            Failure failure = classify(e);
            metrics.failure();
            LOG.warnf("outcomes or results of %s could not be written, will retry: %s", tp, failure.message());
            return PartitionRun.retry(tp, flushedUpTo, flushedUpTo, failure);
        }
    }

    private static Failure classify(RuntimeException e) {
        // S3 trouble is never the record's fault (an outage, a bucket or policy to fix): retried, never dead-lettered.
        if (e instanceof ResultPublisher.KafkaSendException || e instanceof OperationApplier.ConcurrentWriteException
                || e instanceof AttachmentStore.StorageUnavailableException) {
            return new Failure(Failure.Kind.RETRIABLE, io.syncid.model.ErrorCode.SERVICE_UNAVAILABLE,
                    String.valueOf(e.getMessage()));
        }
        return FailureClassifier.classify(e);
    }

    /** On the polling thread: commits finished partitions, seeks failed ones back and backs them off. */
    private void completeFinished() {
        // Runs that finish from here on leave a permit for the next wait; those found done below need none.
        runsDone.drainPermits();
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        Iterator<Map.Entry<TopicPartition, Future<PartitionRun>>> it = inFlight.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<TopicPartition, Future<PartitionRun>> entry = it.next();
            if (!entry.getValue().isDone()) {
                continue;
            }
            it.remove();
            PartitionRun run = result(entry.getValue());
            if (run == null || !consumer.assignment().contains(entry.getKey())) {
                continue;
            }
            settle(run, commits);
        }
        commitAsync(commits);
    }

    /** Resumes or backs off a finished run's partition; its offset joins {@code commits}, sent once for all. */
    private void settle(PartitionRun run, Map<TopicPartition, OffsetAndMetadata> commits) {
        TopicPartition tp = run.partition();
        if (run.commitOffset() >= 0) {
            commits.put(tp, new OffsetAndMetadata(run.commitOffset()));
        }
        if (run.retryOffset() < 0) {
            backoffs.remove(tp);
            consumer.resume(Set.of(tp));
            return;
        }
        consumer.seek(tp, run.retryOffset());
        Backoff previous = backoffs.get(tp);
        long delay = previous == null
                ? config.initialBackoff().toMillis()
                : Math.min(config.maxBackoff().toMillis(), previous.delayMillis() * 2);
        backoffs.put(tp, new Backoff(System.currentTimeMillis() + delay, delay));
    }

    /**
     * Commits without waiting for the broker, the offsets of every partition settled at once in one request (each
     * commit is a request and an append to {@code __consumer_offsets}): the polling thread goes on resuming and handing
     * out partitions, and the consumer keeps commits in order. A commit that fails is covered by the partition's next
     * one (or the revoke's synchronous one); re-processing the records meanwhile is idempotent.
     */
    private void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
        consumer.commitAsync(offsets, (sent, e) -> {
            if (e != null) {
                LOG.warnf("offset commit of %s failed: %s", sent, e.getMessage());
            }
        });
    }

    /** Commits and waits: for revoked partitions, whose next owner must start where this replica stopped. */
    private void commit(TopicPartition tp, long offset) {
        if (offset < 0) {
            return;
        }
        try {
            committed.remove(tp);
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // The next commit of this partition covers these records; re-processing them is idempotent meanwhile.
            LOG.warnf("offset commit of %s at %d failed: %s", tp, offset, e.getMessage());
        }
    }

    /**
     * {@code sync.operations} is written in transactions, each ending with a commit marker after its last record. The
     * offset committed after a partition's last record stops before that marker; the consumer's position passes it
     * only on a later poll that returns no record of the partition. Without this, every partition would show a lag of
     * one for ever — what KEDA scales on and the lag alerts read. So an idle partition (nothing in flight, no backoff)
     * whose position moved past this replica's last commit is committed at its position: all it skipped are markers
     * (and records of aborted transactions, which read_committed never hands out).
     */
    private void commitPastMarkers() {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> entry : List.copyOf(committed.entrySet())) {
            TopicPartition tp = entry.getKey();
            if (inFlight.containsKey(tp) || backoffs.containsKey(tp)) {
                continue;
            }
            try {
                long position = consumer.position(tp, Duration.ZERO);
                if (position > entry.getValue()) {
                    commits.put(tp, new OffsetAndMetadata(position));
                }
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                // No position known right now (a rebalance under way): the next loop tries again.
            }
        }
        commitAsync(commits);
    }

    private void resumeDue() {
        long now = System.currentTimeMillis();
        Iterator<Map.Entry<TopicPartition, Backoff>> it = backoffs.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<TopicPartition, Backoff> entry = it.next();
            TopicPartition tp = entry.getKey();
            if (entry.getValue().resumeAtMillis() <= now && !inFlight.containsKey(tp)) {
                if (consumer.assignment().contains(tp)) {
                    consumer.resume(Set.of(tp));
                }
                // Keep the delay to double it if the next attempt fails too; it is dropped on the next success.
                entry.setValue(new Backoff(Long.MAX_VALUE, entry.getValue().delayMillis()));
            }
        }
    }

    private PartitionRun result(Future<PartitionRun> future) {
        try {
            return future.get();
        } catch (ExecutionException | CancellationException e) {
            LOG.errorf(e, "a partition run failed unexpectedly");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Revoked partitions: wait for their work, commit what finished, drop the rest; never commit them later. */
    private void finishRevoked(Collection<TopicPartition> partitions, boolean commit) {
        long deadline = System.nanoTime() + config.revokeTimeout().toNanos();
        for (TopicPartition tp : partitions) {
            Future<PartitionRun> future = inFlight.remove(tp);
            backoffs.remove(tp);
            committed.remove(tp);
            if (future == null) {
                continue;
            }
            if (!commit) {
                future.cancel(true);
                continue;
            }
            try {
                PartitionRun run = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                commit(tp, run.commitOffset());
            } catch (TimeoutException e) {
                LOG.warnf("work of revoked partition %s did not finish in time; dropped uncommitted", tp);
                future.cancel(true);
            } catch (ExecutionException | CancellationException e) {
                LOG.warnf("work of revoked partition %s failed: %s", tp, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
            }
        }
    }

    private void drainOnShutdown(KafkaConsumer<byte[], byte[]> c) {
        finishRevoked(new ArrayList<>(inFlight.keySet()), true);
    }

    private void dropAll() {
        inFlight.values().forEach(f -> f.cancel(true));
        inFlight.clear();
        backoffs.clear();
        committed.clear();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Rebalance callbacks, on the polling thread inside poll(). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            finishRevoked(partitions, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Someone else may own them already: nothing of theirs may be committed from here.
            finishRevoked(partitions, false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.infof("assigned %s", partitions);
        }
    }

    /**
     * An applied operation and the check of the attachments it declares, started before its write and running on
     * while the partition's next records are applied.
     */
    private record Pending(AppliedOperation applied, CompletableFuture<List<AttachmentMismatch>> check) {

        /** The operation with its mismatches once the check is done; none unless its write stored the attachments. */
        AppliedOperation checked() {
            // Not stored (rejected, a duplicate): its check is moot, even if S3 failed it.
            return applied.storedAttachments() ? applied.withAttachmentMismatches(check.join()) : applied;
        }
    }

    /** A partition's paused-until time and its current backoff. */
    private record Backoff(long resumeAtMillis, long delayMillis) {
    }

    /**
     * What a worker did with one partition's records: commit up to {@code commitOffset} (exclusive; -1 nothing), and
     * when {@code retryOffset >= 0} go back to it after a backoff.
     */
    private record PartitionRun(TopicPartition partition, long commitOffset, long retryOffset, Failure failure) {

        static PartitionRun done(TopicPartition tp, long next) {
            return new PartitionRun(tp, next, -1, null);
        }

        static PartitionRun retry(TopicPartition tp, long commitOffset, long retryOffset, Failure failure) {
            return new PartitionRun(tp, commitOffset, retryOffset, failure);
        }
    }
}
