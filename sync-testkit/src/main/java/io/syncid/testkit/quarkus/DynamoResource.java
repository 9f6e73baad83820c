package io.syncid.testkit.quarkus;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.syncid.testkit.ConfigKeys;
import io.syncid.testkit.Dynalite;

/**
 * A real DynamoDB-compatible server (dynalite) for a Quarkus test, with every platform table created; a test field of
 * type {@link Dynalite} annotated {@link InjectDynalite} receives it.
 */
public class DynamoResource implements QuarkusTestResourceLifecycleManager {

    private Dynalite dynalite;

    @Override
    public Map<String, String> start() {
        dynalite = Dynalite.start(null);
        dynalite.createTables();
        return Map.of(
                ConfigKeys.DYNAMODB_ENDPOINT, dynalite.endpoint().toString(),
                ConfigKeys.AWS_REGION, dynalite.region(),
                ConfigKeys.AWS_ACCESS_KEY_ID, dynalite.accessKeyId(),
                ConfigKeys.AWS_SECRET_ACCESS_KEY, dynalite.secretAccessKey());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(dynalite,
                new TestInjector.AnnotatedAndMatchesType(InjectDynalite.class, Dynalite.class));
    }

    @Override
    public void stop() {
        if (dynalite != null) {
            dynalite.close();
            dynalite = null;
        }
    }
}
