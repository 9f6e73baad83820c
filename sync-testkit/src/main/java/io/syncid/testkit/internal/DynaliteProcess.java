package io.syncid.testkit.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.syncid.testkit.AwsEndpoint;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * dynalite under the machine's {@code node}, from the node_modules sync-testkit-servers installed: in memory, or on
 * LevelDB under the data directory ({@code --path}) when one is given. Tables become ACTIVE at once
 * ({@code --createTableMs 0}), as tests and the runner expect.
 */
public final class DynaliteProcess implements LocalAwsProcess.Server {

    private DynaliteProcess() {
    }

    /** Starts dynalite signing with {@code credentials}' region and keys; returns once ListTables answers. */
    public static AwsBackend start(Path dataDir, AwsEndpoint credentials) {
        return LocalAwsProcess.start("dynalite-", dataDir, credentials, new DynaliteProcess());
    }

    @Override
    public ManagedProcess launch(Path dir, int port, boolean temporary, AwsEndpoint aws) {
        List<String> command = new ArrayList<>(List.of("node", ServerDistributions.dynaliteCli().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (!temporary) {
            command.add("--path");
            command.add(dir.resolve("leveldb").toString());
        }
        return ManagedProcess.start("dynalite", command, dir, dir.resolve("dynalite.log"), Map.of(),
                temporary ? dir : null);
    }

    @Override
    public void awaitReady(AwsEndpoint aws, ManagedProcess process) {
        try (DynamoDbClient probe = AwsClients.dynamo(aws)) {
            Waits.until("dynalite at " + aws.endpoint(), Duration.ofSeconds(30), () -> {
                probe.listTables();
                return true;
            }, process);
        }
    }
}
