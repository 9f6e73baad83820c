package io.syncid.consolidator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.consolidator.support.Events;
import io.syncid.consolidator.support.Kafka;
import io.syncid.model.ChangeEvent;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/** Health (the loop, the consumer group, Kafka) and the Prometheus series of SPEC §10 and of the autoscaler. */
@QuarkusTest
class ObservabilityTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void livenessAndReadinessSayTheLoopRunsAndKafkaAnswers() {
        given().when().get("/q/health/live").then().statusCode(200)
                .body(containsString("queue-consolidator loop"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("queue-consolidator consumer group"))
                .body(containsString("Kafka"));
    }

    @Test
    void metricsCountInOutBatchesDeadLettersAndLag() {
        SyncId syncId = SyncId.random();
        ChangeEvent good = Events.update(syncId, "pixel", 1, "counted");
        try (KafkaProducer<byte[], byte[]> producer = Kafka.producer(broker.bootstrapServers())) {
            Kafka.sendAll(producer, List.of(
                    Kafka.raw(syncId.toString(), "[]".getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString()),
                    Kafka.change(good)));
        }
        try (Kafka.Reader reader = new Kafka.Reader(broker.bootstrapServers(), Topics.OPERATIONS)) {
            reader.until(read -> read.stream().anyMatch(r -> syncId.toString().equals(Kafka.key(r))));
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("sync_consolidation_in_total"))
                .body(containsString("sync_consolidation_out_total"))
                .body(containsString("sync_consolidation_fold_ratio"))
                .body(containsString("sync_consolidation_batch_size_bucket"))
                .body(containsString("sync_consolidation_dlq_total{code=\"POISON_RECORD\""))
                .body(containsString("kafka_consumer_fetch_manager_records_lag"))
                .body(containsString("kafka_producer_"));
    }
}
