package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Every event survives the shared Kafka serde unchanged, for random instances. */
class EventJsonRoundTripTest {

    @RepeatedTest(25)
    void changeEvents(RepetitionInfo info) {
        roundTrip(info, EventGenerators::change, new ChangeEventSerializer(), new ChangeEventDeserializer());
    }

    @RepeatedTest(25)
    void consolidatedOperations(RepetitionInfo info) {
        roundTrip(info, EventGenerators::consolidated, new ConsolidatedOperationSerializer(),
                new ConsolidatedOperationDeserializer());
    }

    @RepeatedTest(25)
    void writeResults(RepetitionInfo info) {
        roundTrip(info, EventGenerators::result, new WriteResultSerializer(), new WriteResultDeserializer());
    }

    @RepeatedTest(25)
    void migrationTasks(RepetitionInfo info) {
        roundTrip(info, EventGenerators::migration, new MigrationTaskSerializer(), new MigrationTaskDeserializer());
    }

    private static <T> void roundTrip(RepetitionInfo info, Function<Random, T> generator, Serializer<T> serializer,
            Deserializer<T> deserializer) {
        long seed = Seeds.of(info.getCurrentRepetition());
        Random random = Seeds.random(seed);
        for (int i = 0; i < 40; i++) {
            T event = generator.apply(random);
            byte[] json = serializer.serialize("t", event);
            assertThat(deserializer.deserialize("t", json)).as("seed %d: %s", seed, new String(json))
                    .isEqualTo(event);
        }
    }
}
