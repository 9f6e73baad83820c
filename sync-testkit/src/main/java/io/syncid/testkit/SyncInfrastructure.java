package io.syncid.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.syncid.model.Topics;

/**
 * All four servers together, provisioned as the platform expects: every topic of {@link Topics}, the DynamoDB tables,
 * the attachments bucket and a PostgreSQL database. For the local runner and system tests.
 */
public final class SyncInfrastructure implements AutoCloseable {

    /** The attachments bucket. */
    public static final String BUCKET = "syncid-attachments";

    private final KafkaBroker kafka;
    private final Dynalite dynamo;
    private final S3Server s3;
    private final PostgresServer postgres;

    private SyncInfrastructure(KafkaBroker kafka, Dynalite dynamo, S3Server s3, PostgresServer postgres) {
        this.kafka = kafka;
        this.dynamo = dynamo;
        this.s3 = s3;
        this.postgres = postgres;
    }

    /**
     * Starts every server with its data under {@code dataDir} ({@code kafka/}, {@code dynamodb/}, {@code s3/},
     * {@code postgres/}; kept across restarts), or in temporary places when null, and provisions topics with
     * {@code partitions} partitions, tables and bucket. Existing topics, tables and objects are kept.
     */
    public static SyncInfrastructure start(Path dataDir, int partitions) {
        // One after the other: on a 2-core machine starting them in parallel was slower (each start is CPU-bound).
        List<AutoCloseable> started = new ArrayList<>();
        try {
            KafkaBroker kafka = remember(started, KafkaBroker.start(sub(dataDir, "kafka")));
            kafka.createTopics(Topics.all(), partitions);
            Dynalite dynamo = remember(started, Dynalite.start(sub(dataDir, "dynamodb")));
            dynamo.createTables();
            S3Server s3 = remember(started, S3Server.start(sub(dataDir, "s3")));
            s3.createBucket(BUCKET);
            PostgresServer postgres = remember(started, PostgresServer.start(sub(dataDir, "postgres")));
            return new SyncInfrastructure(kafka, dynamo, s3, postgres);
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                closeQuietly(started.get(i));
            }
            throw e;
        }
    }

    private static <T extends AutoCloseable> T remember(List<AutoCloseable> started, T server) {
        started.add(server);
        return server;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public Dynalite dynamo() {
        return dynamo;
    }

    public S3Server s3() {
        return s3;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** The configuration a service needs to reach these servers (keys of {@link ConfigKeys}). */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(ConfigKeys.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
        config.put(ConfigKeys.AWS_REGION, dynamo.region());
        config.put(ConfigKeys.AWS_ACCESS_KEY_ID, dynamo.accessKeyId());
        config.put(ConfigKeys.AWS_SECRET_ACCESS_KEY, dynamo.secretAccessKey());
        config.put(ConfigKeys.DYNAMODB_ENDPOINT, dynamo.endpoint().toString());
        config.put(ConfigKeys.S3_ENDPOINT, s3.endpoint().toString());
        config.put(ConfigKeys.S3_BUCKET, BUCKET);
        config.put(ConfigKeys.S3_PATH_STYLE, "true");
        config.put(ConfigKeys.JDBC_URL, postgres.jdbcUrl());
        config.put(ConfigKeys.JDBC_USERNAME, postgres.username());
        config.put(ConfigKeys.JDBC_PASSWORD, postgres.password());
        return config;
    }

    /** Stops every server (PostgreSQL first, Kafka last); temporary data goes with them. */
    @Override
    public void close() {
        closeQuietly(postgres);
        closeQuietly(s3);
        closeQuietly(dynamo);
        closeQuietly(kafka);
    }

    private static Path sub(Path dataDir, String name) {
        return dataDir == null ? null : dataDir.resolve(name);
    }

    private static void closeQuietly(AutoCloseable server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("[syncid-testkit] failed to stop " + server + ": " + e);
        }
    }
}
