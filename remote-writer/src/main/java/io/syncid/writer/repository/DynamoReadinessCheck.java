package io.syncid.writer.repository;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.syncid.model.store.DocumentsTable;
import io.syncid.model.store.OperationOutcomesTable;
import io.syncid.runtime.aws.DynamoReadiness;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Readiness: the two tables the writer writes answer (each call bounded by the SDK deadlines of AwsConfig). */
@Readiness
@ApplicationScoped
public class DynamoReadinessCheck implements HealthCheck {

    private final DynamoDbClient dynamo;

    DynamoReadinessCheck(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    @Override
    public HealthCheckResponse call() {
        return DynamoReadiness.of(dynamo, DocumentsTable.NAME, OperationOutcomesTable.NAME);
    }
}
