package io.syncid.consolidator.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.syncid.testkit.quarkus.KafkaResource;

/** The real Kafka broker every consolidator test runs against: declared once, so test classes share one start. */
@QuarkusTestResource(KafkaResource.class)
public final class ConsolidatorTestResources {

    private ConsolidatorTestResources() {
    }
}
