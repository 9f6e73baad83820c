package io.syncid.migration.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.syncid.testkit.quarkus.DynamoResource;
import io.syncid.testkit.quarkus.KafkaResource;
import io.syncid.testkit.quarkus.PostgresResource;
import io.syncid.testkit.quarkus.S3Resource;

/**
 * The real servers every migration-worker test runs against (Kafka, dynalite, S3Proxy, PostgreSQL from
 * sync-testkit): declared once, so all test classes share one application start.
 */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(DynamoResource.class)
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(PostgresResource.class)
public final class MigrationTestResources {

    private MigrationTestResources() {
    }
}
