package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL is a real one: a unique constraint refuses a duplicate (SQLState 23505). */
class PostgresServerTest {

    @Test
    void uniqueConstraintIsEnforced() throws Exception {
        long pid;
        try (PostgresServer pg = PostgresServer.start(null);
                Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                Statement s = c.createStatement()) {
            pid = pg.pid();
            s.execute("create table ledger (legacy_id text primary key, sync_id uuid not null unique)");
            s.execute("insert into ledger values ('a', '4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c')");
            assertThatThrownBy(
                    () -> s.execute("insert into ledger values ('b', '4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c')"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
            assertThat(c.getMetaData().getDatabaseProductVersion()).startsWith("17");
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("postmaster after close").isEmpty();
    }
}
