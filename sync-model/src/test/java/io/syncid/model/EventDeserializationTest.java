package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Unreadable events are refused with the code a DLQ record carries and a message naming the event and the field. */
class EventDeserializationTest {

    /** One event type: how to make a valid one, how to read it, and which fields it cannot do without. */
    record Kind(String name, Function<Random, ?> generator, Deserializer<?> deserializer, List<String> required) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Kind CHANGE = new Kind("ChangeEvent", EventGenerators::change, new ChangeEventDeserializer(),
            List.of("opId", "syncId", "type", "occurredAt", "userId", "deviceId", "receivedAt"));
    static final Kind OPERATION = new Kind("ConsolidatedOperation", EventGenerators::consolidated,
            new ConsolidatedOperationDeserializer(),
            List.of("syncId", "userId", "deviceId", "type", "occurredAt", "sourceOpIds"));
    static final Kind RESULT = new Kind("WriteResult", EventGenerators::result, new WriteResultDeserializer(),
            List.of("resultId", "syncId", "userId", "outcome", "sourceOpIds", "recordedAt"));
    static final Kind TASK = new Kind("MigrationTask", EventGenerators::migration, new MigrationTaskDeserializer(),
            List.of("runId", "legacyId", "enqueuedAt"));
    static final List<Kind> KINDS = List.of(CHANGE, OPERATION, RESULT, TASK);

    private final Random random = new Random(Seeds.BASE);

    static Stream<Arguments> unknownVersions() {
        return KINDS.stream().flatMap(k -> Stream.of(0, 2, 99, -1).map(v -> Arguments.of(k, v)));
    }

    @ParameterizedTest(name = "{0} schemaVersion {1}")
    @MethodSource("unknownVersions")
    void unknownSchemaVersionIsRefused(Kind kind, int version) {
        ObjectNode json = valid(kind);
        json.put("schemaVersion", version);
        assertRefused(kind, json, ErrorCode.UNSUPPORTED_SCHEMA_VERSION)
                .hasMessageContaining(kind.name() + ".schemaVersion " + version)
                .hasMessageContaining("version " + EventSchema.CURRENT_VERSION);
    }

    @Test
    void aNewerVersionIsReportedAsSuchEvenWhenItsFieldsChangedShape() {
        // A v2 producer may change a field's type; the consumer must say "version", not "bad field".
        ObjectNode json = valid(CHANGE);
        json.put("schemaVersion", 2);
        json.put("occurredAt", 1234);
        json.putArray("syncId");
        assertRefused(CHANGE, json, ErrorCode.UNSUPPORTED_SCHEMA_VERSION);
    }

    static Stream<Arguments> coercibleVersions() {
        return KINDS.stream().flatMap(k -> Stream.of("\"1\"", "1.0", "true").map(v -> Arguments.of(k, v)));
    }

    @ParameterizedTest(name = "{0} schemaVersion {1}")
    @MethodSource("coercibleVersions")
    void aSchemaVersionThatIsNotAnIntegerIsRefusedEvenWhenJacksonCouldCoerceIt(Kind kind, String version)
            throws Exception {
        // The one-pass reading must refuse what the checked reading refuses: Jackson would read "1" or 1.0 as 1.
        ObjectNode json = valid(kind);
        json.set("schemaVersion", EventJson.mapper().readTree(version));
        assertRefused(kind, json, ErrorCode.POISON_RECORD).hasMessageContaining(kind.name() + ".schemaVersion must "
                + "be an integer");
    }

    @Test
    void instantsInEveryIsoShapeReadAsJavaTimeReadsThem() {
        ObjectNode json = valid(CHANGE);
        for (String text : List.of("2026-11-24T10:00:00Z", "2026-11-24T10:00:00.5Z", "2026-11-24T12:00:00+02:00",
                "2026-11-24T10:00:00.123456789Z", " 2026-11-24T10:00:00Z ")) {
            json.put("occurredAt", text);
            ChangeEvent event = (ChangeEvent) CHANGE.deserializer()
                    .deserialize("t", json.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(event.occurredAt()).as(text).isEqualTo(java.time.format.DateTimeFormatter.ISO_INSTANT
                    .parse(text.trim(), java.time.Instant::from));
        }
    }

    static Stream<Arguments> requiredFields() {
        return KINDS.stream().flatMap(k -> Stream.concat(Stream.of("schemaVersion"), k.required().stream())
                .map(f -> Arguments.of(k, f)));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void missingRequiredFieldIsRefusedByName(Kind kind, String field) {
        ObjectNode json = valid(kind);
        json.remove(field);
        assertRefused(kind, json, ErrorCode.POISON_RECORD).hasMessageContaining(kind.name() + "." + field);
    }

    @ParameterizedTest(name = "{0} with null {1}")
    @MethodSource("requiredFields")
    void nullRequiredFieldIsRefusedByName(Kind kind, String field) {
        ObjectNode json = valid(kind);
        json.putNull(field);
        assertRefused(kind, json, ErrorCode.POISON_RECORD).hasMessageContaining(kind.name() + "." + field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE", "UPDATE"})
    void aCreateOrUpdateWithoutDocumentIsRefused(String type) {
        ObjectNode json = valid(CHANGE);
        json.put("type", type);
        json.remove("legacy");
        json.remove("document");
        assertRefused(CHANGE, json, ErrorCode.POISON_RECORD).hasMessageContaining("ChangeEvent.document is required");
    }

    @Test
    void aDeleteWithADocumentIsRefused() {
        ObjectNode json = valid(CHANGE);
        json.put("type", "DELETE");
        json.remove("legacy");
        json.set("document", EventJson.mapper().valueToTree(EventGenerators.content(random)));
        assertRefused(CHANGE, json, ErrorCode.POISON_RECORD).hasMessageContaining("ChangeEvent.document");
    }

    @Test
    void aRejectionWithoutErrorCodeAndAPendingResultAreRefused() {
        ObjectNode rejected = EventJson.mapper().valueToTree(EventGenerators.result(random, Outcome.REJECTED));
        rejected.remove("errorCode");
        assertRefused(RESULT, rejected, ErrorCode.POISON_RECORD).hasMessageContaining("WriteResult.errorCode");

        ObjectNode conflict = EventJson.mapper()
                .valueToTree(EventGenerators.result(random, Outcome.CONFLICT_RESOLVED));
        conflict.remove("conflictCopySyncId");
        assertRefused(RESULT, conflict, ErrorCode.POISON_RECORD)
                .hasMessageContaining("WriteResult.conflictCopySyncId");

        ObjectNode pending = EventJson.mapper().valueToTree(EventGenerators.result(random, Outcome.APPLIED));
        pending.put("outcome", "PENDING");
        assertRefused(RESULT, pending, ErrorCode.POISON_RECORD).hasMessageContaining("WriteResult.outcome");
    }

    @Test
    void emptyOrNullSourceOpIdsAreRefused() {
        ObjectNode json = valid(OPERATION);
        json.putArray("sourceOpIds");
        assertRefused(OPERATION, json, ErrorCode.POISON_RECORD)
                .hasMessageContaining("ConsolidatedOperation.sourceOpIds must not be empty");
        json.putArray("sourceOpIds").addNull();
        assertRefused(OPERATION, json, ErrorCode.POISON_RECORD)
                .hasMessageContaining("ConsolidatedOperation.sourceOpIds must not contain null");
    }

    @Test
    void anAttachmentWithoutFileNameIsRefusedWithItsPath() {
        ObjectNode json = EventJson.mapper().valueToTree(EventGenerators.change(random));
        json.put("type", "CREATE");
        json.remove("legacy");
        ObjectNode document = json.putObject("document");
        document.put("title", "t").put("category", "c");
        document.putArray("attachments").addObject().put("size", 1);
        assertRefused(CHANGE, json, ErrorCode.POISON_RECORD)
                .hasMessageContaining("ChangeEvent.document.attachments[0]")
                .hasMessageContaining("Attachment.fileName is required");
    }

    static Stream<Arguments> syncIdFields() {
        return Stream.of(Arguments.of(CHANGE, "syncId"), Arguments.of(OPERATION, "syncId"),
                Arguments.of(RESULT, "syncId"));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("syncIdFields")
    void invalidSyncIdIsRefusedWithItsCode(Kind kind, String field) {
        for (String bad : List.of("00000000-0000-0000-0000-000000000000", "not-a-uuid",
                "{4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c}", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")) {
            ObjectNode json = valid(kind);
            json.put(field, bad);
            assertRefused(kind, json, ErrorCode.INVALID_SYNC_ID).hasMessageContaining(kind.name() + "." + field);
        }
        ObjectNode json = valid(kind);
        json.put(field, 42);
        assertRefused(kind, json, ErrorCode.INVALID_SYNC_ID).hasMessageContaining(kind.name() + "." + field);
    }

    @Test
    void anInvalidConflictCopySyncIdIsNamed() {
        ObjectNode json = EventJson.mapper().valueToTree(EventGenerators.result(random, Outcome.CONFLICT_RESOLVED));
        json.put("conflictCopySyncId", "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertRefused(RESULT, json, ErrorCode.INVALID_SYNC_ID)
                .hasMessageContaining("WriteResult.conflictCopySyncId")
                .hasMessageContaining("version 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "not json", "[]", "null", "42", "\"x\"", "{\"schemaVersion\":\"one\"}",
            "{\"schemaVersion\":1.5}", "{\"schemaVersion\":1} trailing", "{\"schemaVersion\":1}{}"})
    void garbageIsAPoisonRecord(String text) {
        assertThatThrownBy(() -> RESULT.deserializer().deserialize("t", text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageStartingWith("WriteResult")
                .satisfies(e -> assertThat(((EventDeserializationException) e).code())
                        .isEqualTo(ErrorCode.POISON_RECORD));
    }

    @Test
    void aRecordWithoutValueIsAPoisonRecord() {
        assertThatThrownBy(() -> TASK.deserializer().deserialize("t", null))
                .isInstanceOf(EventDeserializationException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("MigrationTask");
    }

    @Test
    void badValuesOfOtherFieldsAreNamed() {
        ObjectNode json = valid(CHANGE);
        json.put("type", "PATCH");
        assertRefused(CHANGE, json, ErrorCode.POISON_RECORD).hasMessageContaining("ChangeEvent.type")
                .hasMessageContaining("PATCH");
        json = valid(CHANGE);
        json.put("occurredAt", "yesterday");
        assertRefused(CHANGE, json, ErrorCode.POISON_RECORD).hasMessageContaining("ChangeEvent.occurredAt");
        json = valid(CHANGE);
        json.put("opId", "zz");
        assertRefused(CHANGE, json, ErrorCode.POISON_RECORD).hasMessageContaining("ChangeEvent.opId");
    }

    @Test
    void unknownPropertiesAreIgnoredAndAnAbsentBaseVersionIsZero() {
        ObjectNode json = valid(CHANGE);
        json.put("addedInAMinorRelease", true);
        json.put("type", "DELETE");
        json.remove("document");
        json.remove("baseVersion");
        // The generator may have made an IMPORT, whose legacy origin a DELETE must not carry.
        json.remove("legacy");
        ChangeEvent event = (ChangeEvent) CHANGE.deserializer()
                .deserialize("t", json.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(event.baseVersion()).isZero();
    }

    private ObjectNode valid(Kind kind) {
        return EventJson.mapper().valueToTree(kind.generator().apply(random));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Kind kind, ObjectNode json,
            ErrorCode code) {
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        return assertThatThrownBy(() -> kind.deserializer().deserialize("t", bytes))
                .as("%s from %s (generated with seed %d)", kind, json, Seeds.BASE)
                .isInstanceOf(EventDeserializationException.class)
                .satisfies(e -> assertThat(((EventDeserializationException) e).code()).as(e.getMessage())
                        .isEqualTo(code));
    }
}
