package io.syncid.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
 * ({@code --createTableMs 0}), as tests and the runner expect.
 */
public final class DynaliteProcess implements AwsBackend {

    private final AwsEndpoint aws;
    private final Path dir;
    private final boolean temporary;
    private final ManagedProcess process;

    private DynaliteProcess(AwsEndpoint aws, Path dir, boolean temporary, ManagedProcess process) {
        this.aws = aws;
        this.dir = dir;
        this.temporary = temporary;
        this.process = process;
    }

    /** Starts dynalite signing with {@code credentials}' region and keys; returns once ListTables answers. */
    public static DynaliteProcess start(Path dataDir, AwsEndpoint credentials) {
        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create("dynalite-") : dataDir.toAbsolutePath();
        int port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of("node", ServerDistributions.dynaliteCli().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        ManagedProcess process = null;
        try {
            Files.createDirectories(dir);
            if (!temporary) {
                command.add("--path");
                command.add(dir.resolve("leveldb").toString());
            }
            process = ManagedProcess.start("dynalite", command, dir, dir.resolve("dynalite.log"), Map.of(),
                    temporary ? dir : null);
            AwsEndpoint aws = credentials.at(URI.create("http://127.0.0.1:" + port));
            try (DynamoDbClient probe = AwsClients.dynamo(aws)) {
                Waits.until("dynalite on port " + port, Duration.ofSeconds(30), () -> {
                    probe.listTables();
                    return true;
                }, process);
            }
            return new DynaliteProcess(aws, dir, temporary, process);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.kill();
            }
            if (temporary) {
                TempDirs.delete(dir);
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    @Override
    public AwsEndpoint aws() {
        return aws;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.stop();
        } finally {
            if (temporary) {
                TempDirs.delete(dir);
            }
        }
    }
}
