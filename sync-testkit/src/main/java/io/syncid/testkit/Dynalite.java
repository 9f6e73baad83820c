package io.syncid.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.syncid.model.store.DynamoSchema;
import io.syncid.testkit.internal.FreePorts;
import io.syncid.testkit.internal.ManagedProcess;
import io.syncid.testkit.internal.ServerDistributions;
import io.syncid.testkit.internal.TempDirs;
import io.syncid.testkit.internal.Waits;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * dynalite, an open-source DynamoDB implementation on LevelDB, run with the machine's node: tables, GSIs, conditional
 * writes, queries and batches, but no transactions (the platform never needs them). Persistent when given a data
 * directory, in memory otherwise.
 */
public final class Dynalite implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local-secret";

    private final AwsEndpoint aws;
    private final Path dir;
    private final boolean temporary;
    private final ManagedProcess process;
    private final AutoCloseable container;
    private DynamoDbClient client;

    private Dynalite(AwsEndpoint aws, Path dir, boolean temporary, ManagedProcess process, AutoCloseable container) {
        this.aws = aws;
        this.dir = dir;
        this.temporary = temporary;
        this.process = process;
        this.container = container;
    }

    /** Starts dynalite keeping its tables in {@code dataDir}, or in memory when null. */
    public static Dynalite start(Path dataDir) {
        if (Backend.selected() == Backend.CONTAINERS) {
            ContainerServers.Started c = ContainerServers.localstack("dynamodb");
            return new Dynalite(new AwsEndpoint(c.endpoint(), c.region(), c.accessKey(), c.secretKey()), null,
                    false, null, c.stopper());
        }
        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create("dynalite-") : dataDir.toAbsolutePath();
        int port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of("node", ServerDistributions.dynaliteCli().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (!temporary) {
            command.add("--path");
            command.add(dir.resolve("leveldb").toString());
        }
        ManagedProcess process = ManagedProcess.start("dynalite", command, dir, dir.resolve("dynalite.log"));
        Dynalite dynalite = new Dynalite(new AwsEndpoint(URI.create("http://127.0.0.1:" + port), REGION,
                ACCESS_KEY_ID, SECRET_ACCESS_KEY), dir, temporary, process, null);
        Waits.until("dynalite on port " + port, Duration.ofSeconds(30), () -> {
            dynalite.client().listTables();
            return true;
        }, process);
        return dynalite;
    }

    public URI endpoint() {
        return aws.endpoint();
    }

    public String region() {
        return aws.region();
    }

    public String accessKeyId() {
        return aws.accessKeyId();
    }

    public String secretAccessKey() {
        return aws.secretAccessKey();
    }

    /** A client for this server, shared and closed with it. */
    public synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbClient.builder()
                    .endpointOverride(endpoint())
                    .region(aws.sdkRegion())
                    .credentialsProvider(aws.credentials())
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return client;
    }

    /** Creates every table of {@link DynamoSchema}; existing ones are left as they are. Waits until ACTIVE. */
    public void createTables() {
        for (CreateTableRequest table : DynamoSchema.tables()) {
            try {
                client().createTable(table);
            } catch (ResourceInUseException e) {
                // already there: keep its data
            }
            Waits.until("table " + table.tableName(), Duration.ofSeconds(30),
                    () -> client().describeTable(b -> b.tableName(table.tableName())).table()
                            .tableStatus() == TableStatus.ACTIVE,
                    process);
        }
    }

    static void stop(ManagedProcess process, AutoCloseable container) {
        if (process != null) {
            process.stop();
        }
        if (container != null) {
            try {
                container.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop container", e);
            }
        }
    }

    /** The server's process id (-1 with the containers backend). */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        stop(process, container);
        if (temporary) {
            TempDirs.delete(dir);
        }
    }
}
