package io.syncid.runtime.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka client settings that are correctness, not tuning, for every service that builds its own clients from the
 * {@code kafka.*} configuration ({@code @Identifier("default-kafka-broker")}). SmallRye channels get the consumer
 * side from this module's {@code microprofile-config.properties}.
 */
public final class KafkaDefaults {

    /** Consumers never see records of aborted or open transactions (the consolidator writes transactionally). */
    public static final String ISOLATION_LEVEL = "read_committed";

    private KafkaDefaults() {
    }

    /**
     * Consumer properties: read_committed, offsets committed by the service after its work (never automatically),
     * raw bytes (so an unreadable record reaches the service and its dead-letter path instead of failing the poll).
     */
    public static Map<String, Object> consumer(Map<String, Object> kafka, String groupId, String clientId) {
        Map<String, Object> props = base(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, ISOLATION_LEVEL);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** Producer properties: acks=all and idempotence (nothing lost, nothing written twice by a retry), raw bytes. */
    public static Map<String, Object> producer(Map<String, Object> kafka, String clientId) {
        Map<String, Object> props = base(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** Admin client properties: the cluster and its security only. */
    public static Map<String, Object> admin(Map<String, Object> kafka, String clientId) {
        Map<String, Object> props = base(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** Only the keys of {@code kafka.*} that name the cluster and its security, not another client's tuning. */
    private static Map<String, Object> base(Map<String, Object> kafka) {
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (key.equals("bootstrap.servers") || key.startsWith("security.") || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                props.put(key, value);
            }
        });
        return props;
    }
}
