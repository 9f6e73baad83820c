package io.syncid.consolidator.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * Frees the consumer group's committed offsets when a transaction left them pending for good. The 50 000-operation
 * fault run met it: after the broker was SIGKILLed in the middle of a {@code sendOffsetsToTransaction}, the
 * coordinator had the transaction aborted (CompleteAbort) but the group coordinator still held its offsets as pending,
 * so fetching the committed offsets of five partitions answered UNSTABLE_OFFSET_COMMIT for 16 minutes and nothing was
 * consolidated, until an abort marker for that producer was written to the group's {@code __consumer_offsets}
 * partition (Admin {@code abortTransaction}, KIP-664). This does that by itself: when an assigned, unpaused partition
 * has had no position for {@code hanging-offsets-after}, every producer of a consolidator replica (its transactional id
 * starts with this consolidator's prefix) active on that partition whose transaction is finished or open for longer
 * than that gets an abort marker. A marker for a producer with nothing pending is harmless; a transaction younger than
 * the limit is left to its producer and the coordinator; producers of other applications (the offsets partition is
 * shared with other groups) are never touched. Writing the marker needs ClusterAction on the cluster: where the
 * service's Kafka user lacks it, the attempt fails with a WARN every period and an operator aborts by hand (RUNBOOK).
 */
final class HangingOffsets implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HangingOffsets.class);
    private static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final Set<TransactionState> OPEN = Set.of(TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT);

    private final Map<String, Object> adminProps;
    private final String groupId;
    private final String transactionalIdPrefix;
    private final Duration after;
    private final Duration timeout;
    private final LongSupplier clock;
    private final Runnable onAbort;
    private Admin admin;
    private long stalledSince = -1;

    HangingOffsets(Map<String, Object> adminProps, String groupId, String transactionalIdPrefix, Duration after,
            Duration timeout, LongSupplier clock, Runnable onAbort) {
        this.adminProps = adminProps;
        this.groupId = groupId;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.after = after;
        this.timeout = timeout;
        this.clock = clock;
        this.onAbort = onAbort;
    }

    /** After each poll (consumer thread): notes how long a partition has gone without a position, remedies past the limit. */
    void check(KafkaConsumer<?, ?> consumer) {
        if (after.isZero()) {
            return;
        }
        Set<TopicPartition> paused = consumer.paused();
        boolean stalled = consumer.assignment().stream()
                .anyMatch(tp -> !paused.contains(tp) && consumer.currentLag(tp).isEmpty());
        long now = clock.getAsLong();
        if (!stalled) {
            stalledSince = -1;
            return;
        }
        if (stalledSince < 0) {
            stalledSince = now;
            return;
        }
        if (now - stalledSince < after.toMillis()) {
            return;
        }
        stalledSince = now;
        try {
            abortHanging(now);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("partitions of group %s have had no committed offset for %s; aborting hanging transactions "
                    + "failed (%s), tried again after %s", groupId, after, e.toString(), after);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes an abort marker for each hanging producer of the group's offsets partition; returns how many. */
    int abortHanging(long now) throws ExecutionException, InterruptedException, TimeoutException {
        Admin client = admin();
        int partitions = client.describeTopics(List.of(OFFSETS_TOPIC)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(OFFSETS_TOPIC).partitions().size();
        TopicPartition offsets = new TopicPartition(OFFSETS_TOPIC, Utils.abs(groupId.hashCode()) % partitions);
        List<ProducerState> producers = client.describeProducers(List.of(offsets)).partitionResult(offsets)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).activeProducers();
        Set<Long> ids = producers.stream().map(ProducerState::producerId).collect(Collectors.toSet());
        Map<Long, String> transactionalIds = client.listTransactions().all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream().filter(t -> ids.contains(t.producerId()))
                .collect(Collectors.toMap(TransactionListing::producerId, TransactionListing::transactionalId,
                        (a, b) -> a));
        Map<String, TransactionDescription> transactions = transactionalIds.isEmpty()
                ? Map.of()
                : client.describeTransactions(transactionalIds.values()).all().get(timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        List<String> aborted = new ArrayList<>();
        for (ProducerState producer : producers) {
            String transactionalId = transactionalIds.get(producer.producerId());
            TransactionDescription transaction = transactionalId == null ? null : transactions.get(transactionalId);
            if (!ours(transactionalId) || !hanging(transaction, now, after)) {
                continue;
            }
            client.abortTransaction(new AbortTransactionSpec(offsets, producer.producerId(),
                    (short) producer.producerEpoch(), producer.coordinatorEpoch().orElse(-1))).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            aborted.add(producer.producerId() + " (" + transactionalId + ", "
                    + (transaction == null ? "unknown" : transaction.state()) + ")");
            onAbort.run();
        }
        LOG.warnf("partitions of group %s had no committed offset for %s: wrote abort markers to %s for %s", groupId,
                after, offsets, aborted.isEmpty() ? "no producer (none hanging)" : aborted);
        return aborted.size();
    }

    /** Whether {@code transactionalId} is a consolidator replica's ({@code <prefix>-<instance>}). */
    private boolean ours(String transactionalId) {
        return transactionalId != null && transactionalId.startsWith(transactionalIdPrefix + "-");
    }

    /**
     * Whether a transaction may hold the group's offsets for good: the coordinator has finished it (its offsets should
     * not be pending any more) or it has been open for longer than {@code limit}.
     */
    static boolean hanging(TransactionDescription transaction, long now, Duration limit) {
        if (transaction == null) {
            return false;
        }
        if (!OPEN.contains(transaction.state())) {
            return true;
        }
        long started = transaction.transactionStartTimeMs().orElse(now);
        return now - started >= limit.toMillis();
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminProps);
        }
        return admin;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
