package io.syncid.tombstones.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.syncid.model.store.DocumentsTable;
import io.syncid.runtime.aws.DynamoReadiness;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Readiness of the AWS stores this service needs (SPEC §10): the attachments bucket and the {@code Documents} table,
 * each probe bounded by the SDK's call deadlines. PostgreSQL and Kafka have Quarkus' own checks.
 */
@ApplicationScoped
public class StorageReadinessChecks {

    @Produces
    @Readiness
    @Singleton
    HealthCheck s3(AttachmentStore attachments) {
        return () -> {
            try {
                attachments.probe();
                return HealthCheckResponse.up("s3");
            } catch (SdkException e) {
                return HealthCheckResponse.named("s3").down().withData("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    @Produces
    @Readiness
    @Singleton
    HealthCheck dynamodb(DynamoDbClient dynamo) {
        return () -> DynamoReadiness.of(dynamo, DocumentsTable.NAME);
    }
}
