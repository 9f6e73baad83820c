package io.syncid.tombstones.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import io.syncid.model.CloudEventHeaders;
import io.syncid.model.EventJson;
import io.syncid.model.Topics;
import io.syncid.model.WriteResult;
import io.syncid.runtime.kafka.CloudEvents;
import io.syncid.testkit.TopicRecords;

/** Plays the writer's side of Kafka in tests: produces results, reads what the service published. */
public final class Kafka {

    private static final CloudEvents RESULT_HEADERS = CloudEvents.of(CloudEventHeaders.TYPE_RESULT, "/test-writer");
    private static KafkaProducer<String, byte[]> producer;

    private Kafka() {
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Sends results to {@code sync.results} (keyed by syncId) and waits for Kafka to have them. */
    public static void sendResults(List<WriteResult> results) {
        sendResults(null, results);
    }

    /** Sends results all keyed {@code key} (one partition, so consumed in this order); null: each by its syncId. */
    public static void sendResults(String key, List<WriteResult> results) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (WriteResult r : results) {
            sent.add(producer().send(new ProducerRecord<>(Topics.RESULTS, null,
                    key != null ? key : r.syncId().toString(),
                    EventJson.write(r), RESULT_HEADERS.headers(r.resultId().toString(), r.syncId().toString()))));
        }
        await(sent);
    }

    /** Sends raw bytes to {@code sync.results}, e.g. a record no one can read. */
    public static void sendRaw(String key, byte[] value) {
        await(List.of(producer().send(new ProducerRecord<>(Topics.RESULTS, key, value))));
    }

    /** Every record on {@code topic} now. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return TopicRecords.readAll(bootstrap(), topic);
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private static void await(List<java.util.concurrent.Future<?>> sent) {
        try {
            for (var f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
