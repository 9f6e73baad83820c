package io.syncid.testkit.internal.containers;

import org.testcontainers.postgresql.PostgreSQLContainer;

import io.syncid.testkit.internal.PostgresBackend;

/** PostgreSQL 17 in a container. */
public final class ContainerPostgres implements PostgresBackend {

    public static final String IMAGE = "postgres:17-alpine";

    private final PostgreSQLContainer container;

    private ContainerPostgres(PostgreSQLContainer container) {
        this.container = container;
    }

    public static ContainerPostgres start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
        container.start();
        return new ContainerPostgres(container);
    }

    @Override
    public String jdbcUrl() {
        return container.getJdbcUrl();
    }

    @Override
    public String username() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public void close() {
        container.stop();
    }
}
