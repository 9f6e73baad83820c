package io.syncid.runtime.aws;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The readiness answer about a service's DynamoDB tables (check {@code dynamodb}): up with each table's status when
 * every one answers, down with the error's type when one does not (each call bounded by the SDK deadlines of
 * {@link AwsConfig}).
 */
public final class DynamoReadiness {

    /** The name of the check in {@code /q/health/ready}. */
    public static final String CHECK = "dynamodb";

    private DynamoReadiness() {
    }

    public static HealthCheckResponse of(DynamoDbClient dynamo, String... tables) {
        try {
            HealthCheckResponseBuilder up = HealthCheckResponse.named(CHECK).up();
            for (String table : tables) {
                up.withData(table, dynamo.describeTable(b -> b.tableName(table)).table().tableStatusAsString());
            }
            return up.build();
        } catch (SdkException e) {
            return HealthCheckResponse.named(CHECK).down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
