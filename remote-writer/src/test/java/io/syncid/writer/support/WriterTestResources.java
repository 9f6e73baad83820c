package io.syncid.writer.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.syncid.testkit.quarkus.DynamoResource;
import io.syncid.testkit.quarkus.KafkaResource;
import io.syncid.testkit.quarkus.S3Resource;

/**
 * The real servers every writer test runs against (Kafka, dynalite, S3Proxy): declared once, so all tests share one
 * start.
 */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(DynamoResource.class)
@QuarkusTestResource(S3Resource.class)
public final class WriterTestResources {

    private WriterTestResources() {
    }
}
