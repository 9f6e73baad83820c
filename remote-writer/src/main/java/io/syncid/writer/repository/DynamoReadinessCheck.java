package io.syncid.writer.repository;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.syncid.model.store.DocumentsTable;
import io.syncid.model.store.OperationOutcomesTable;

import software.amazon.awssdk.core.exception.SdkException;
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
        try {
            String documents = dynamo.describeTable(b -> b.tableName(DocumentsTable.NAME)).table()
                    .tableStatusAsString();
            String outcomes = dynamo.describeTable(b -> b.tableName(OperationOutcomesTable.NAME)).table()
                    .tableStatusAsString();
            return HealthCheckResponse.named("dynamodb").up().withData(DocumentsTable.NAME, documents)
                    .withData(OperationOutcomesTable.NAME, outcomes).build();
        } catch (SdkException e) {
            return HealthCheckResponse.named("dynamodb").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
