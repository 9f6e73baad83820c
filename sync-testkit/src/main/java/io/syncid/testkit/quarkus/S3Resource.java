package io.syncid.testkit.quarkus;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.syncid.testkit.ConfigKeys;
import io.syncid.testkit.S3Server;
import io.syncid.testkit.SyncInfrastructure;

/**
 * A real S3-compatible server (S3Proxy) for a Quarkus test, with the attachments bucket created; a test field of type
 * {@link S3Server} annotated {@link InjectS3Server} receives it.
 */
public class S3Resource implements QuarkusTestResourceLifecycleManager {

    private S3Server s3;

    @Override
    public Map<String, String> start() {
        s3 = S3Server.start(null);
        s3.createBucket(SyncInfrastructure.BUCKET);
        // Region and keys too, so a service tested with this resource alone can sign; DynamoResource sends the same.
        return Map.of(
                ConfigKeys.S3_ENDPOINT, s3.endpoint().toString(),
                ConfigKeys.S3_BUCKET, SyncInfrastructure.BUCKET,
                ConfigKeys.S3_PATH_STYLE, "true",
                ConfigKeys.AWS_REGION, s3.region(),
                ConfigKeys.AWS_ACCESS_KEY_ID, s3.accessKeyId(),
                ConfigKeys.AWS_SECRET_ACCESS_KEY, s3.secretAccessKey());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(s3, new TestInjector.AnnotatedAndMatchesType(InjectS3Server.class, S3Server.class));
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }
}
