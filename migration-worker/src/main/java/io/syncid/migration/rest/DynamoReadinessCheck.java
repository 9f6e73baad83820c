package io.syncid.migration.rest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.syncid.model.store.DocumentsTable;
import io.syncid.runtime.aws.DynamoReadiness;

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
        return DynamoReadiness.of(dynamo, DocumentsTable.NAME);
    }
}
