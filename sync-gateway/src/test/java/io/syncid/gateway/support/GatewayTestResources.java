package io.syncid.gateway.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.syncid.testkit.quarkus.DynamoResource;
import io.syncid.testkit.quarkus.KafkaResource;
import io.syncid.testkit.quarkus.S3Resource;

/**
 * The real servers every gateway test runs against (Kafka, dynalite, S3Proxy from sync-testkit): declared once, so all
 * test classes share one application start.
 */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(DynamoResource.class)
@QuarkusTestResource(S3Resource.class)
public final class GatewayTestResources {

    private GatewayTestResources() {
    }
}
