package io.syncid.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import io.syncid.testkit.AwsEndpoint;

/**
 * An AWS-compatible server (dynalite, S3Proxy) run as a child process on a free port, with its data directory:
 * temporary ones are deleted when it stops, and a server that fails to become ready is killed and cleaned up.
 */
final class LocalAwsProcess implements AwsBackend {

    /** How one kind of server is launched and known to be ready. */
    interface Server {

        /** Starts the server on {@code port}, keeping its data under {@code dir} (which exists). */
        ManagedProcess launch(Path dir, int port, boolean temporary, AwsEndpoint aws) throws IOException;

        /** Returns once the server answers {@code aws}' API; throws when it does not in time or dies. */
        void awaitReady(AwsEndpoint aws, ManagedProcess process);
    }

    private final AwsEndpoint aws;
    private final Path dir;
    private final boolean temporary;
    private final ManagedProcess process;

    private LocalAwsProcess(AwsEndpoint aws, Path dir, boolean temporary, ManagedProcess process) {
        this.aws = aws;
        this.dir = dir;
        this.temporary = temporary;
        this.process = process;
    }

    /** Starts {@code server} with its data under {@code dataDir}, or under a temporary directory named after {@code prefix}. */
    static LocalAwsProcess start(String prefix, Path dataDir, AwsEndpoint credentials, Server server) {
        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create(prefix) : dataDir.toAbsolutePath();
        int port = FreePorts.next();
        AwsEndpoint aws = credentials.at(URI.create("http://127.0.0.1:" + port));
        ManagedProcess process = null;
        try {
            Files.createDirectories(dir);
            process = server.launch(dir, port, temporary, aws);
            server.awaitReady(aws, process);
            return new LocalAwsProcess(aws, dir, temporary, process);
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
