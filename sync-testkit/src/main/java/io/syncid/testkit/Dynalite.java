package io.syncid.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.syncid.model.store.DynamoSchema;
import io.syncid.testkit.internal.AwsBackend;
import io.syncid.testkit.internal.AwsClients;
import io.syncid.testkit.internal.Backends;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * A DynamoDB-compatible server for tests and the local runner: by default dynalite (open source, on LevelDB; tables,
 * GSIs, conditional writes, queries, batches, but no transactions), with {@code -Dsyncid.testkit.backend=containers}
 * LocalStack.
 */
public final class Dynalite extends AwsServer<DynamoDbClient> {

    private Dynalite(AwsBackend backend) {
        super(backend);
    }

    /** Starts a server keeping its tables under {@code dataDir} (reused if it exists), or in memory when null. */
    public static Dynalite start(Path dataDir) {
        return new Dynalite(Backends.dynamo(dataDir, AwsEndpoint.LOCAL));
    }

    @Override
    DynamoDbClient newClient(AwsEndpoint aws) {
        return AwsClients.dynamo(aws);
    }

    /** Creates every table of {@link DynamoSchema}; existing ones keep their data. Returns once all are ACTIVE. */
    public void createTables() {
        for (CreateTableRequest table : DynamoSchema.tables()) {
            try {
                client().createTable(table);
            } catch (ResourceInUseException e) {
                // already there
            }
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        for (CreateTableRequest table : DynamoSchema.tables()) {
            while (client().describeTable(b -> b.tableName(table.tableName())).table()
                    .tableStatus() != TableStatus.ACTIVE) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("table " + table.tableName() + " not ACTIVE after 30 s");
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for tables", e);
        }
    }
}
