package io.syncid.testkit.internal;

/** What {@link io.syncid.testkit.PostgresServer} needs from its backend. */
public interface PostgresBackend extends AutoCloseable {

    String jdbcUrl();

    String username();

    String password();

    /** The postmaster's process id, or -1 when it is not a local process. */
    long pid();

    /** Stops the server and deletes what was temporary. */
    @Override
    void close();
}
