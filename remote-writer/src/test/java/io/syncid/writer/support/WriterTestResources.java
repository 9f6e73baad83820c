package io.syncid.writer.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.syncid.testkit.quarkus.DynamoResource;
import io.syncid.testkit.quarkus.KafkaResource;

/** The real servers every writer test runs against (Kafka, dynalite): declared once, so all tests share one start. */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(DynamoResource.class)
public final class WriterTestResources {

    private WriterTestResources() {
    }
}
