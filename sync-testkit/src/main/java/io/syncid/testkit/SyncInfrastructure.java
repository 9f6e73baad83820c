package io.syncid.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.syncid.model.Topics;

/**
 * All four servers together, provisioned as the platform expects them: every topic of {@link Topics} (with its DLQ),
 * the DynamoDB tables, the attachments bucket and a PostgreSQL database. For the local runner and system tests.
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
     * Starts every server with its data under {@code dataDir} (kept across restarts), or in temporary places when
     * null, and provisions topics with {@code partitions} partitions, tables and bucket. Idempotent on existing data.
     */
    public static SyncInfrastructure start(Path dataDir, int partitions) {
        KafkaBroker kafka = null;
        Dynalite dynamo = null;
        S3Server s3 = null;
        try {
            kafka = KafkaBroker.start(sub(dataDir, "kafka"));
            dynamo = Dynalite.start(sub(dataDir, "dynamodb"));
            s3 = S3Server.start(sub(dataDir, "s3"));
            PostgresServer postgres = PostgresServer.start(sub(dataDir, "postgres"));
            kafka.createTopics(Topics.all(), partitions);
            dynamo.createTables();
            s3.createBucket(BUCKET);
            return new SyncInfrastructure(kafka, dynamo, s3, postgres);
        } catch (RuntimeException e) {
            closeQuietly(s3);
            closeQuietly(dynamo);
            closeQuietly(kafka);
            throw e;
        }
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
