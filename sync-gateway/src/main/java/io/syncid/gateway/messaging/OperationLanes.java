package io.syncid.gateway.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.model.Topics;

/**
 * The lanes of the delta pull: the partition count of {@code sync.operations}, read from the broker (never from
 * configuration, which could disagree with the topic), cached and refreshed in the background so a pull does not wait
 * for Kafka; a count that changed is logged loudly, because it re-maps syncIds to partitions and needs the operator's
 * RESYNC horizon bump (README). Also answers the Kafka readiness check, with the same bounded admin client.
 */
@ApplicationScoped
public class OperationLanes {

    private static final Logger LOG = Logger.getLogger(OperationLanes.class);

    private final Admin admin;
    private final long timeoutMillis;
    private final LoadingCache<String, Integer> partitions;

    OperationLanes(@Identifier("default-kafka-broker") Map<String, Object> kafka, GatewayConfig config) {
        this.timeoutMillis = config.kafkaAdminTimeout().toMillis();
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "sync-gateway-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        this.admin = Admin.create(props);
        // refreshAfterWrite: after the interval the next read triggers a reload in the background and is answered
        // with the count it has; a failed reload keeps the old count.
        this.partitions = Caffeine.newBuilder()
                .refreshAfterWrite(config.pull().lanesRefresh())
                .build(this::readPartitionCount);
    }

    /** Reads the count once at start, so the first pull does not wait for the broker; a broker not up yet is fine. */
    void warmUp(@Observes StartupEvent event) {
        try {
            LOG.debugf("%d lanes at start", count());
        } catch (KafkaUnavailableException e) {
            LOG.warnf("the partition count of %s is not known yet: %s", Topics.OPERATIONS, e.getMessage());
        }
    }

    /**
     * How many lanes a pull reads: the partition count of {@code sync.operations}.
     *
     * @throws KafkaUnavailableException when it was never read and the broker does not tell it in time
     */
    public int count() {
        try {
            return partitions.get(Topics.OPERATIONS);
        } catch (KafkaUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KafkaUnavailableException("the partition count of " + Topics.OPERATIONS + " is unknown", e);
        }
    }

    /** Whether the broker answers within the admin deadline, for readiness; the reason when it does not. */
    public String unreachableBecause() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMillis)).nodes()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e.toString() : e.getCause().toString();
        } catch (TimeoutException | KafkaException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private Integer readPartitionCount(String topic) throws Exception {
        int count;
        try {
            count = admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeoutMillis))
                    .allTopicNames()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("cannot read the partition count of " + topic + ": " + e, e);
        }
        Integer before = partitions == null ? null : partitions.getIfPresent(topic);
        if (before == null) {
            LOG.infof("%s has %d partitions: delta pulls read %d lanes", topic, count, count);
        } else if (before != count) {
            LOG.errorf("PARTITION COUNT CHANGED: %s has %d partitions, had %d. SyncIds now map to other partitions, "
                    + "so cursors issued before may miss changes: bump the RESYNC_REQUIRED retention horizon now "
                    + "(README, 'Operator step: changing the partition count of sync.operations')", topic, count,
                    before);
        }
        return count;
    }

    @PreDestroy
    void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
