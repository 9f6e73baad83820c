package io.syncid.testkit.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.sql.DriverManager;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import io.syncid.model.Topics;
import io.syncid.testkit.ConfigKeys;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.S3Server;
import io.syncid.testkit.SyncInfrastructure;

/**
 * The lifecycle managers as Quarkus drives them (start, inject, stop), without booting an application: each returns
 * the configuration keys services read and hands its server to the annotated test field.
 */
class QuarkusResourcesTest {

    /** Stands in for a test instance. */
    static final class FakeTest {
        @InjectKafkaBroker
        KafkaBroker kafka;
        @InjectDynalite
        Dynalite dynalite;
        @InjectS3Server
        S3Server s3;
    }

    @Test
    void kafkaResourceCreatesTopicsAndInjectsTheBroker() throws Exception {
        KafkaResource resource = new KafkaResource();
        resource.init(Map.of("partitions", "2"));
        FakeTest test = new FakeTest();
        try {
            Map<String, String> config = resource.start();
            assertThat(config).containsOnlyKeys(ConfigKeys.KAFKA_BOOTSTRAP);
            inject(resource, test);
            assertThat(test.kafka.bootstrapServers()).isEqualTo(config.get(ConfigKeys.KAFKA_BOOTSTRAP));
            assertThat(test.dynalite).isNull();
            try (var admin = test.kafka.admin()) {
                assertThat(admin.listTopics().names().get()).containsAll(Topics.all());
            }
        } finally {
            resource.stop();
        }
        assertThat(test.kafka.isRunning()).isFalse();
    }

    @Test
    void dynamoAndS3ResourcesProvisionAndInjectTheirServers() {
        DynamoResource dynamo = new DynamoResource();
        S3Resource s3 = new S3Resource();
        FakeTest test = new FakeTest();
        try {
            Map<String, String> dynamoConfig = dynamo.start();
            Map<String, String> s3Config = s3.start();
            inject(dynamo, test);
            inject(s3, test);

            assertThat(dynamoConfig).containsEntry(ConfigKeys.DYNAMODB_ENDPOINT, test.dynalite.endpoint().toString())
                    .containsKeys(ConfigKeys.AWS_REGION, ConfigKeys.AWS_ACCESS_KEY_ID,
                            ConfigKeys.AWS_SECRET_ACCESS_KEY);
            assertThat(s3Config).containsEntry(ConfigKeys.S3_ENDPOINT, test.s3.endpoint().toString())
                    .containsEntry(ConfigKeys.S3_BUCKET, SyncInfrastructure.BUCKET);
            // Both may be used together: their shared keys must agree.
            s3Config.forEach((key, value) -> {
                if (dynamoConfig.containsKey(key)) {
                    assertThat(dynamoConfig.get(key)).as(key).isEqualTo(value);
                }
            });
            assertThat(test.dynalite.client().listTables().tableNames()).isNotEmpty();
            assertThat(test.s3.client().headBucket(b -> b.bucket(SyncInfrastructure.BUCKET)).sdkHttpResponse()
                    .isSuccessful()).isTrue();
        } finally {
            s3.stop();
            dynamo.stop();
        }
    }

    @Test
    void postgresResourceConfiguresTheDefaultDatasource() throws Exception {
        PostgresResource resource = new PostgresResource();
        try {
            Map<String, String> config = resource.start();
            try (var c = DriverManager.getConnection(config.get(ConfigKeys.JDBC_URL),
                    config.get(ConfigKeys.JDBC_USERNAME), config.get(ConfigKeys.JDBC_PASSWORD))) {
                assertThat(c.isValid(5)).isTrue();
            }
        } finally {
            resource.stop();
        }
    }

    /** What Quarkus does for each test instance: offer it every field; the resource picks its own. */
    private static void inject(QuarkusTestResourceLifecycleManager resource, Object testInstance) {
        resource.inject(new TestInjector() {
            @Override
            public void injectIntoFields(Object value, Predicate<Field> predicate) {
                for (Field f : testInstance.getClass().getDeclaredFields()) {
                    if (predicate.test(f)) {
                        try {
                            f.setAccessible(true);
                            f.set(testInstance, value);
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
        });
    }
}
