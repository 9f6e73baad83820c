package io.syncid.testkit.quarkus;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.syncid.model.Topics;
import io.syncid.testkit.ConfigKeys;
import io.syncid.testkit.KafkaBroker;

/**
 * A real Kafka broker for a Quarkus test, with every platform topic created (init arg {@code partitions}, default 6); a
 * test field of type {@link KafkaBroker} annotated {@link InjectKafkaBroker} receives it, to kill or restart it.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private KafkaBroker broker;
    private int partitions = 6;

    @Override
    public void init(Map<String, String> initArgs) {
        partitions = Integer.parseInt(initArgs.getOrDefault("partitions", "6"));
    }

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.start(null);
        broker.createTopics(Topics.all(), partitions);
        return Map.of(ConfigKeys.KAFKA_BOOTSTRAP, broker.bootstrapServers());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(broker,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaBroker.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
