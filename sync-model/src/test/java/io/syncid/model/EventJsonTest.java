package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The wire format every service shares: what the JSON of an event looks like, not only that it reads back. */
class EventJsonTest {

    private static final Instant T = Instant.parse("2026-11-24T10:15:30.123Z");
    private static final SyncId ID = SyncId.parse("4B0F7C1E-2A7D-4C1E-9F3A-0D5E6F7A8B9C");
    private static final UUID OP = UUID.fromString("0d4a5e8c-1f2b-4c3d-8e9f-a0b1c2d3e4f5");

    @Test
    void instantsAreIso8601AndSyncIdsNormalizedStrings() throws Exception {
        JsonNode json = tree(new ChangeEvent(1, OP, ID, OperationType.DELETE, 3, T, null, null, "u", "d", T));
        assertThat(json.get("occurredAt").isTextual()).isTrue();
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-11-24T10:15:30.123Z");
        assertThat(json.get("syncId").asText()).isEqualTo("4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c");
        assertThat(json.get("opId").asText()).isEqualTo(OP.toString());
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(EventSchema.CURRENT_VERSION);
    }

    @Test
    void nullPropertiesAreOmittedButNullsInsideFieldsAreKept() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cleared", null);
        fields.put("list", Arrays.asList(1, null));
        DocumentContent doc = new DocumentContent("t", "c", fields,
                List.of(new Attachment("a.pdf", null, null, null, null, null)));
        JsonNode json = tree(new ChangeEvent(1, OP, ID, OperationType.CREATE, 0, T, doc, null, "u", "d", T));
        assertThat(json.has("reason")).isFalse();
        assertThat(json.at("/document/attachments/0").fieldNames()).toIterable().containsExactly("fileName");
        assertThat(json.at("/document/fields").has("cleared")).isTrue();
        assertThat(json.at("/document/fields/cleared").isNull()).isTrue();
        assertThat(json.at("/document/fields/list/1").isNull()).isTrue();
        assertThat(new ChangeEventDeserializer().deserialize("t", EventJson.write(json)).document().fields())
                .isEqualTo(fields);
    }

    @Test
    void aResultAlwaysSerializesItsListsEvenWhenEmpty() throws Exception {
        JsonNode json = tree(new WriteResult(1, OP, ID, "u", null, Outcome.APPLIED, null, 1, List.of(OP), null, null,
                null, null, null, T));
        assertThat(json.get("tombstonedOpIds").isArray()).isTrue();
        assertThat(json.has("deviceId")).isFalse();
    }

    @Test
    void aResultCarriesItsAttachmentMismatchesAndOneWrittenWithoutThemReadsAsNone() throws Exception {
        AttachmentMismatch mismatch = new AttachmentMismatch("policy.pdf", 10L, "sha256:ab", 12, null);
        WriteResult result = new WriteResult(1, OP, ID, "u", null, Outcome.APPLIED, null, 1, List.of(OP), null, null,
                null, null, null, T, List.of(mismatch));
        JsonNode json = tree(result);
        assertThat(json.at("/attachmentMismatches/0/fileName").asText()).isEqualTo("policy.pdf");
        assertThat(json.at("/attachmentMismatches/0/foundSize").asLong()).isEqualTo(12);
        assertThat(json.at("/attachmentMismatches/0").has("foundChecksum")).isFalse();
        assertThat(EventJson.read(EventJson.write(result), WriteResult.class)).isEqualTo(result);

        WriteResult none = new WriteResult(1, OP, ID, "u", null, Outcome.APPLIED, null, 1, List.of(OP), null, null,
                null, null, null, T);
        JsonNode older = tree(none);
        ((com.fasterxml.jackson.databind.node.ObjectNode) older).remove("attachmentMismatches");
        assertThat(EventJson.read(EventJson.write(older), WriteResult.class).attachmentMismatches()).isEmpty();
        assertThat(tree(none).get("attachmentMismatches").isArray()).isTrue();
    }

    @Test
    void theDeclaredSerdeClassesCanBeBuiltByNameAsKafkaDoes() throws Exception {
        for (String name : List.of("ChangeEvent", "ConsolidatedOperation", "WriteResult", "MigrationTask")) {
            Object serializer = Class.forName("io.syncid.model." + name + "Serializer").getConstructor()
                    .newInstance();
            JsonEventDeserializer<?> deserializer = (JsonEventDeserializer<?>) Class
                    .forName("io.syncid.model." + name + "Deserializer").getConstructor().newInstance();
            assertThat(serializer).isInstanceOf(JsonEventSerializer.class);
            assertThat(deserializer.type().getSimpleName()).isEqualTo(name);
        }
    }

    @Test
    void serializingNullIsNullAndAnUnserializableValueIsASerializationException() {
        assertThat(new ChangeEventSerializer().serialize("t", null)).isNull();
        JsonEventSerializer<Object> serializer = new JsonEventSerializer<>();
        assertThatThrownBy(() -> serializer.serialize("t", new Object()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Object");
    }

    @Test
    void readReturnsTheEventAndWriteIsUtf8() {
        MigrationTask task = new MigrationTask(1, OP, "légacy-日本", true, T, null);
        byte[] bytes = EventJson.write(task);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("légacy-日本");
        assertThat(EventJson.read(bytes, MigrationTask.class)).isEqualTo(task);
    }

    private static JsonNode tree(Object event) throws Exception {
        return EventJson.mapper().readTree(EventJson.write(event));
    }
}
