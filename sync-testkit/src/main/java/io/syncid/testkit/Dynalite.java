package io.syncid.testkit;

import java.net.URI;
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
public final class Dynalite implements AutoCloseable {

    public static final String REGION = AwsEndpoint.LOCAL.region();
    public static final String ACCESS_KEY_ID = AwsEndpoint.LOCAL.accessKeyId();
    public static final String SECRET_ACCESS_KEY = AwsEndpoint.LOCAL.secretAccessKey();

    private final AwsBackend backend;
    private DynamoDbClient client;

    private Dynalite(AwsBackend backend) {
        this.backend = backend;
    }

    /** Starts a server keeping its tables under {@code dataDir} (reused if it exists), or in memory when null. */
    public static Dynalite start(Path dataDir) {
        return new Dynalite(Backends.dynamo(dataDir, AwsEndpoint.LOCAL));
    }

    public URI endpoint() {
        return backend.aws().endpoint();
    }

    public String region() {
        return backend.aws().region();
    }

    public String accessKeyId() {
        return backend.aws().accessKeyId();
    }

    public String secretAccessKey() {
        return backend.aws().secretAccessKey();
    }

    /** Endpoint, region and credentials in one value. */
    public AwsEndpoint aws() {
        return backend.aws();
    }

    /** A client for this server, shared, and closed with it. */
    public synchronized DynamoDbClient client() {
        if (client == null) {
            client = AwsClients.dynamo(backend.aws());
        }
        return client;
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

    /** The server's process id (-1 with containers). */
    public long pid() {
        return backend.pid();
    }

    /** Stops the server and deletes its data if it was temporary. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        backend.close();
    }

    @Override
    public String toString() {
        return "Dynalite[" + endpoint() + "]";
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
