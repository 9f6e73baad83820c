package io.syncid.testkit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * ({@code --createTableMs 0}), as tests and the runner expect. It runs behind a small guard script: dynalite 4.0.0
 * rethrows the error of a request its client dropped ({@code req.on('error', err => { throw err })}), so one service
 * SIGKILLed mid-request would otherwise take the whole server down with it.
 */
public final class DynaliteProcess implements LocalAwsProcess.Server {

    /**
     * Survives exactly a request aborted by its client ({@code ECONNRESET}, logged); any other uncaught error still
     * ends the process with its stack, as it would without the guard.
     */
    private static final String GUARD = """
            process.on('uncaughtException', function (err) {
              if (err && err.code === 'ECONNRESET') {
                console.error('[syncid guard] a client dropped its request, dynalite keeps serving: ' + err.message)
                return
              }
              console.error((err && err.stack) || err)
              process.exit(70)
            })
            require(%s)
            """;

    private DynaliteProcess() {
    }

    /** Starts dynalite signing with {@code credentials}' region and keys; returns once ListTables answers. */
    public static AwsBackend start(Path dataDir, AwsEndpoint credentials) {
        return LocalAwsProcess.start("dynalite-", dataDir, credentials, new DynaliteProcess());
    }

    @Override
    public ManagedProcess launch(Path dir, int port, boolean temporary, AwsEndpoint aws) throws IOException {
        Path guard = dir.resolve("dynalite-guard.js");
        Files.writeString(guard, GUARD.formatted(jsString(ServerDistributions.dynaliteCli().toString())),
                StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("node", guard.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (!temporary) {
            command.add("--path");
            command.add(dir.resolve("leveldb").toString());
        }
        return ManagedProcess.start("dynalite", command, dir, dir.resolve("dynalite.log"), Map.of(),
                temporary ? dir : null);
    }

    private static String jsString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
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
