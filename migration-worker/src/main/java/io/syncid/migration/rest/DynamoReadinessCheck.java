package io.syncid.migration.rest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.syncid.model.store.DocumentsTable;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Readiness: DynamoDB answers (the {@code Documents} table the validation and rollback read). */
@Readiness
@ApplicationScoped
public class DynamoReadinessCheck implements HealthCheck {

    private final DynamoDbClient dynamo;

    DynamoReadinessCheck(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            String status = dynamo.describeTable(b -> b.tableName(DocumentsTable.NAME)).table().tableStatusAsString();
            return HealthCheckResponse.named("dynamodb").status(true).withData("Documents", status).build();
        } catch (SdkException e) {
            return HealthCheckResponse.named("dynamodb").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
