package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.DriverManager;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.syncid.testkit.internal.containers.Docker;

/**
 * The containers backend behind the same API, for machines with a Docker engine; every test skips itself where no
 * engine answers (as on the build machines of this project, which run the process backend).
 */
class ContainerBackendTest {

    @BeforeEach
    void selectContainers() {
        assumeTrue(Docker.available(), "no Docker engine: the containers backend cannot run here");
        System.setProperty(Backend.PROPERTY, "containers");
    }

    @AfterEach
    void selectProcessesAgain() {
        System.clearProperty(Backend.PROPERTY);
    }

    @Test
    void kafkaCreatesTopicsButRefusesCrashTests() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(null)) {
            broker.createTopics(List.of("t"), 2);
            try (var admin = broker.admin()) {
                assertThat(admin.listTopics().names().get()).contains("t");
            }
            assertThatThrownBy(broker::kill).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void dynamoAndS3AreServedByLocalStack() {
        try (Dynalite dynamo = Dynalite.start(null); S3Server s3 = S3Server.start(null)) {
            dynamo.createTables();
            assertThat(dynamo.client().listTables().tableNames()).contains("Documents");
            s3.createBucket("attachments");
            assertThat(s3.client().listBuckets().buckets()).extracting(b -> b.name()).contains("attachments");
        }
    }

    @Test
    void postgresAnswers() throws Exception {
        try (PostgresServer pg = PostgresServer.start(null);
                var c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password())) {
            assertThat(c.isValid(5)).isTrue();
        }
    }
}
