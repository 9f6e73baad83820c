package io.syncid.tombstones;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.tombstones.support.TombstoneTestResources;

@QuarkusTest
class FlywayTest {

    static {
        TombstoneTestResources.class.getName();
    }

    @Inject
    Flyway flyway;

    @Test
    void theEmptyDatabaseWasMigratedIntoItsOwnSchemaAndAnotherStartOnlyValidates() {
        // The application started on an empty PostgreSQL: Flyway applied V1 and Hibernate validated the entities.
        // Versioned migrations only: Flyway also records that it created the schema, without a version.
        MigrationInfo[] applied = Arrays.stream(flyway.info().applied()).filter(m -> m.getVersion() != null)
                .toArray(MigrationInfo[]::new);
        assertThat(applied).extracting(MigrationInfo::getVersion).extracting(Object::toString).containsExactly("1");
        assertThat(Arrays.stream(applied).map(MigrationInfo::getState)).containsOnly(MigrationState.SUCCESS);
        assertThat(flyway.getConfiguration().getSchemas()).containsExactly("tombstones");
        assertThat(flyway.getConfiguration().getTable()).isEqualTo("flyway_history_tombstones");

        // What a restart does: migrate finds nothing to do, and validation passes.
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }
}
