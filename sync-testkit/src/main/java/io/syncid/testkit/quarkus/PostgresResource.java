package io.syncid.testkit.quarkus;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.syncid.testkit.ConfigKeys;
import io.syncid.testkit.PostgresServer;

/** A real PostgreSQL server for a Quarkus test, as the default datasource. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private PostgresServer postgres;

    @Override
    public Map<String, String> start() {
        postgres = PostgresServer.start(null);
        return Map.of(
                ConfigKeys.JDBC_URL, postgres.jdbcUrl(),
                ConfigKeys.JDBC_USERNAME, postgres.username(),
                ConfigKeys.JDBC_PASSWORD, postgres.password());
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
