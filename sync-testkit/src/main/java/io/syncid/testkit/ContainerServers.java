package io.syncid.testkit;

import java.net.URI;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The containers backend: the same servers' roles played by Testcontainers (Apache Kafka, LocalStack for DynamoDB and
 * S3, PostgreSQL). Loaded only when selected, so Testcontainers stays an optional dependency.
 */
final class ContainerServers {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private ContainerServers() {
    }

    /** Whether a Docker engine answers (false here, true on a developer machine with Docker). */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | NoClassDefFoundError e) {
            return false;
        }
    }

    /** A started Kafka container: its bootstrap address and how to stop it. */
    record Started(String address, URI endpoint, String accessKey, String secretKey, String region,
            AutoCloseable stopper) {
    }

    static Started kafka() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        kafka.start();
        return new Started(kafka.getBootstrapServers(), null, null, null, null, kafka::stop);
    }

    static Started localstack(String service) {
        LocalStackContainer localstack = new LocalStackContainer(LOCALSTACK_IMAGE).withServices(service);
        localstack.start();
        return new Started(null, localstack.getEndpoint(), localstack.getAccessKey(), localstack.getSecretKey(),
                localstack.getRegion(), localstack::stop);
    }

    static Started postgres() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE);
        postgres.start();
        return new Started(postgres.getJdbcUrl(), null, postgres.getUsername(), postgres.getPassword(), null,
                postgres::stop);
    }
}
