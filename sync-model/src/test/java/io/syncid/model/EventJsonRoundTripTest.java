package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import com.fasterxml.jackson.databind.JsonNode;

/** Every event survives the shared Kafka serde unchanged, for random instances. */
class EventJsonRoundTripTest {

    private static final int EVENTS_PER_REPETITION = 40;

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
        Seeds.property(info.getCurrentRepetition(), random -> {
            for (int i = 0; i < EVENTS_PER_REPETITION; i++) {
                T event = generator.apply(random);
                byte[] json = serializer.serialize("t", event);
                T back = deserializer.deserialize("t", json);
                String text = new String(json, StandardCharsets.UTF_8);
                assertThat(back).as(text).isEqualTo(event);
                // Equal records must also mean equal JSON: nothing dropped or reshaped on the second trip.
                assertThat(tree(serializer.serialize("t", back))).as(text).isEqualTo(tree(json));
            }
        });
    }

    private static JsonNode tree(byte[] json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
