package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Unreadable events are refused with a code a DLQ record can carry and a message that names the field. */
class EventDeserializationTest {

    private static final Random RANDOM = new Random(42);

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 99, -1})
    void unknownSchemaVersionIsRefused(int version) {
        ObjectNode json = EventJson.mapper().valueToTree(EventGenerators.change(RANDOM));
        json.put("schemaVersion", version);
        assertThatThrownBy(() -> new ChangeEventDeserializer().deserialize("t", bytes(json)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("schemaVersion " + version)
                .satisfies(e -> assertThat(((EventDeserializationException) e).code())
                        .isEqualTo(ErrorCode.UNSUPPORTED_SCHEMA_VERSION));
    }

    static Stream<Arguments> requiredFields() {
        return Stream.of("opId", "syncId", "type", "occurredAt", "userId", "deviceId", "receivedAt")
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("requiredFields")
    void missingRequiredFieldIsRefusedByName(String field) {
        ChangeEvent event = EventGenerators.change(RANDOM);
        ObjectNode json = EventJson.mapper().valueToTree(event);
        json.remove(field);
        assertThatThrownBy(() -> new ChangeEventDeserializer().deserialize("t", bytes(json)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("ChangeEvent." + field + " is required")
                .satisfies(e -> assertThat(((EventDeserializationException) e).code())
                        .isEqualTo(ErrorCode.POISON_RECORD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sourceOpIds", "syncId", "userId", "occurredAt"})
    void missingFieldOfAConsolidatedOperationIsRefused(String field) {
        ObjectNode json = EventJson.mapper().valueToTree(EventGenerators.consolidated(RANDOM));
        json.remove(field);
        assertThatThrownBy(() -> new ConsolidatedOperationDeserializer().deserialize("t", bytes(json)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("ConsolidatedOperation." + field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "[]", "\"x\"", "{\"schemaVersion\":\"one\"}"})
    void garbageIsAPoisonRecord(String text) {
        assertThatThrownBy(() -> new WriteResultDeserializer().deserialize("t", text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageStartingWith("WriteResult")
                .satisfies(e -> assertThat(((EventDeserializationException) e).code())
                        .isEqualTo(ErrorCode.POISON_RECORD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000-0000-0000-0000-000000000000", "not-a-uuid",
            "{4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c}"})
    void invalidSyncIdIsRefusedWithItsCode(String syncId) {
        ObjectNode json = EventJson.mapper().valueToTree(EventGenerators.change(RANDOM));
        json.put("syncId", syncId);
        assertThatThrownBy(() -> new ChangeEventDeserializer().deserialize("t", bytes(json)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("syncId")
                .satisfies(e -> assertThat(((EventDeserializationException) e).code())
                        .isEqualTo(ErrorCode.INVALID_SYNC_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "CREATE"})
    void documentMustMatchTheType(String type) {
        ChangeEvent event = EventGenerators.change(RANDOM);
        ObjectNode json = EventJson.mapper().valueToTree(event);
        json.put("type", type);
        if (type.equals("DELETE")) {
            json.set("document", EventJson.mapper().valueToTree(EventGenerators.content(RANDOM)));
        } else {
            json.remove("document");
        }
        assertThatThrownBy(() -> new ChangeEventDeserializer().deserialize("t", bytes(json)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("ChangeEvent.document");
    }

    private static byte[] bytes(ObjectNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
