package io.syncid.model.store;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoverySpecification;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * Provisions the tables of {@link DynamoSchema} idempotently, with TTL and point-in-time recovery: the one path that
 * creates tables in every environment (the Kubernetes Job of deploy/k8s runs {@link #main}).
 */
public final class DynamoTables {

    /** Error code of a DynamoDB-compatible server that lacks an operation (dynalite has neither TTL nor PITR). */
    static final String UNKNOWN_OPERATION = "UnknownOperationException";

    private DynamoTables() {
    }

    /** What one provisioning pass did; {@code unsupported} lists the protections the server does not offer. */
    public record Report(List<String> created, List<String> existing, List<String> protectedTables,
            List<String> unsupported) {
    }

    /** TTL of every table whose items expire: {@code OperationOutcomes.expiresAt} (epoch seconds). */
    public static List<UpdateTimeToLiveRequest> timeToLive() {
        return List.of(UpdateTimeToLiveRequest.builder()
                .tableName(OperationOutcomesTable.NAME)
                .timeToLiveSpecification(TimeToLiveSpecification.builder()
                        .attributeName(OperationOutcomesTable.EXPIRES_AT).enabled(true).build())
                .build());
    }

    /** Point-in-time recovery of every table that holds user data: {@code Documents}. */
    public static List<UpdateContinuousBackupsRequest> pointInTimeRecovery() {
        return List.of(UpdateContinuousBackupsRequest.builder()
                .tableName(DocumentsTable.NAME)
                .pointInTimeRecoverySpecification(
                        PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .build());
    }

    /**
     * Creates the missing tables (existing ones keep their data and definition), waits until each exists, then turns on
     * TTL and PITR. With {@code protectionRequired} a server without TTL or PITR is an error; without it (local
     * emulators) the protection is reported as unsupported.
     */
    public static Report provision(DynamoDbClient client, boolean protectionRequired) {
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (CreateTableRequest table : DynamoSchema.tables()) {
            try {
                client.createTable(table);
                created.add(table.tableName());
            } catch (ResourceInUseException e) {
                existing.add(table.tableName());
            }
        }
        for (CreateTableRequest table : DynamoSchema.tables()) {
            client.waiter().waitUntilTableExists(b -> b.tableName(table.tableName()));
        }
        List<String> protectedTables = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        for (UpdateTimeToLiveRequest ttl : timeToLive()) {
            String what = "TTL " + ttl.tableName() + "." + ttl.timeToLiveSpecification().attributeName();
            protect(what, protectionRequired, protectedTables, unsupported, () -> {
                if (!ttlEnabled(client, ttl)) {
                    client.updateTimeToLive(ttl);
                }
            });
        }
        for (UpdateContinuousBackupsRequest pitr : pointInTimeRecovery()) {
            protect("PITR " + pitr.tableName(), protectionRequired, protectedTables, unsupported,
                    () -> client.updateContinuousBackups(pitr));
        }
        return new Report(List.copyOf(created), List.copyOf(existing), List.copyOf(protectedTables),
                List.copyOf(unsupported));
    }

    /**
     * Provisions the tables of the account the default AWS credentials reach. Environment: {@code AWS_REGION},
     * optional {@code SYNCID_DYNAMODB_ENDPOINT} (a local server), {@code SYNCID_PROTECTION_REQUIRED} (default true).
     */
    public static void main(String[] args) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder();
        String region = System.getenv("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        String endpoint = System.getenv("SYNCID_DYNAMODB_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        boolean required = !"false".equalsIgnoreCase(System.getenv("SYNCID_PROTECTION_REQUIRED"));
        try (DynamoDbClient client = builder.build()) {
            Report report = provision(client, required);
            System.out.println("created=" + report.created() + " existing=" + report.existing() + " protected="
                    + report.protectedTables() + " unsupported=" + report.unsupported());
        }
    }

    private static boolean ttlEnabled(DynamoDbClient client, UpdateTimeToLiveRequest ttl) {
        var description = client.describeTimeToLive(b -> b.tableName(ttl.tableName())).timeToLiveDescription();
        // Enabling twice is a ValidationException on DynamoDB, so an enabled (or enabling) TTL is left alone.
        return description != null
                && ttl.timeToLiveSpecification().attributeName().equals(description.attributeName())
                && (description.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                        || description.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
    }

    private static void protect(String what, boolean required, List<String> done, List<String> unsupported,
            Runnable action) {
        try {
            action.run();
            done.add(what);
        } catch (DynamoDbException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (required || !UNKNOWN_OPERATION.equals(code)) {
                throw e;
            }
            unsupported.add(what);
        }
    }
}
