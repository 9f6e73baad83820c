package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncid.model.Topics;
import io.syncid.model.store.DynamoSchema;

import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.s3.model.Bucket;

/** The four servers together: provisioned as the platform expects, described by serviceConfig(), all gone on close. */
class SyncInfrastructureTest {

    @Test
    void startsProvisionsDescribesAndStopsEverything() throws Exception {
        List<Long> pids;
        try (SyncInfrastructure infra = SyncInfrastructure.start(null, 2)) {
            pids = List.of(infra.kafka().pid(), infra.dynamo().pid(), infra.s3().pid(), infra.postgres().pid());
            assertThat(pids).allMatch(pid -> pid > 0);

            try (var admin = infra.kafka().admin()) {
                var topics = admin.describeTopics(Topics.all()).allTopicNames().get();
                assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());
                topics.values().forEach(t -> assertThat(t.partitions()).hasSize(2));
            }
            assertThat(infra.dynamo().client().listTables().tableNames()).containsExactlyInAnyOrderElementsOf(
                    DynamoSchema.tables().stream().map(CreateTableRequest::tableName).toList());
            assertThat(infra.s3().client().listBuckets().buckets()).extracting(Bucket::name)
                    .containsExactly(SyncInfrastructure.BUCKET);

            Map<String, String> config = infra.serviceConfig();
            assertThat(config).containsEntry(ConfigKeys.KAFKA_BOOTSTRAP, infra.kafka().bootstrapServers())
                    .containsEntry(ConfigKeys.DYNAMODB_ENDPOINT, infra.dynamo().endpoint().toString())
                    .containsEntry(ConfigKeys.S3_ENDPOINT, infra.s3().endpoint().toString())
                    .containsEntry(ConfigKeys.S3_BUCKET, SyncInfrastructure.BUCKET)
                    .containsEntry(ConfigKeys.AWS_REGION, "us-east-1")
                    .containsKeys(ConfigKeys.AWS_ACCESS_KEY_ID, ConfigKeys.AWS_SECRET_ACCESS_KEY,
                            ConfigKeys.JDBC_URL, ConfigKeys.JDBC_USERNAME, ConfigKeys.JDBC_PASSWORD);
            try (var c = DriverManager.getConnection(config.get(ConfigKeys.JDBC_URL),
                    config.get(ConfigKeys.JDBC_USERNAME), config.get(ConfigKeys.JDBC_PASSWORD))) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d after close", pid).isEmpty();
        }
    }
}
