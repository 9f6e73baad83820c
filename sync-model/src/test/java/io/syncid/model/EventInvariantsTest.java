package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the event constructors guarantee to every consumer, whoever built the event. */
class EventInvariantsTest {

    private static final Instant T = Instant.parse("2026-11-24T10:15:30.123Z");
    private static final SyncId ID = SyncId.parse("4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c");
    private static final UUID OP = UUID.fromString("0d4a5e8c-1f2b-4c3d-8e9f-a0b1c2d3e4f5");
    private static final DocumentContent DOC = new DocumentContent("t", "c", null, null);

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 99})
    void everyEventRefusesAnUnknownSchemaVersion(int version) {
        assertThatThrownBy(() -> change(version, OperationType.CREATE, DOC))
                .isInstanceOf(UnsupportedSchemaVersionException.class)
                .hasMessage("ChangeEvent.schemaVersion " + version
                        + " is not supported; this build reads version 1");
        assertThatThrownBy(() -> operation(version, OperationType.DELETE, null, List.of(OP), null))
                .isInstanceOf(UnsupportedSchemaVersionException.class)
                .hasMessageStartingWith("ConsolidatedOperation.schemaVersion " + version);
        assertThatThrownBy(() -> result(version, Outcome.APPLIED, null, null))
                .isInstanceOf(UnsupportedSchemaVersionException.class)
                .hasMessageStartingWith("WriteResult.schemaVersion " + version);
        assertThatThrownBy(() -> new MigrationTask(version, OP, "legacy-1", false, T, null))
                .isInstanceOf(UnsupportedSchemaVersionException.class)
                .hasMessageStartingWith("MigrationTask.schemaVersion " + version);
    }

    @Test
    void aChangeCarriesADocumentExactlyOnCreateAndUpdate() {
        assertThat(change(1, OperationType.CREATE, DOC).document()).isEqualTo(DOC);
        assertThat(change(1, OperationType.UPDATE, DOC).document()).isEqualTo(DOC);
        assertThat(change(1, OperationType.DELETE, null).document()).isNull();
        assertThatThrownBy(() -> change(1, OperationType.CREATE, null)).hasMessage("ChangeEvent.document is required");
        assertThatThrownBy(() -> change(1, OperationType.UPDATE, null)).hasMessage("ChangeEvent.document is required");
        assertThatThrownBy(() -> change(1, OperationType.DELETE, DOC))
                .hasMessage("ChangeEvent.document must be absent on DELETE");
    }

    @Test
    void requiredFieldsOfAChangeAreNamed() {
        assertThatThrownBy(() -> new ChangeEvent(1, OP, null, OperationType.DELETE, 0, T, null, null, "u", "d", T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ChangeEvent.syncId is required");
        assertThatThrownBy(() -> new ChangeEvent(1, OP, ID, OperationType.DELETE, 0, T, null, null, null, "d", T))
                .hasMessage("ChangeEvent.userId is required");
        assertThatThrownBy(() -> new ChangeEvent(1, OP, ID, OperationType.DELETE, -1, T, null, null, "u", "d", T))
                .hasMessageContaining("ChangeEvent.baseVersion must not be negative");
    }

    @Test
    void aConsolidatedOperationKeepsEverySourceOpIdInAnImmutableCopy() {
        List<UUID> sources = new ArrayList<>(List.of(OP, UUID.randomUUID()));
        ConsolidatedOperation op = operation(1, OperationType.UPDATE, DOC, sources, null);
        sources.clear();
        assertThat(op.sourceOpIds()).hasSize(2);
        assertThat(op.tombstonedOpIds()).isNotNull().isEmpty();
        assertThatThrownBy(() -> op.sourceOpIds().add(OP)).isInstanceOf(UnsupportedOperationException.class);

        assertThatThrownBy(() -> operation(1, OperationType.UPDATE, DOC, List.of(), null))
                .hasMessage("ConsolidatedOperation.sourceOpIds must not be empty");
        assertThatThrownBy(() -> operation(1, OperationType.UPDATE, DOC, null, null))
                .hasMessage("ConsolidatedOperation.sourceOpIds is required");
        assertThatThrownBy(() -> operation(1, OperationType.UPDATE, DOC, Arrays.asList(OP, null), null))
                .hasMessage("ConsolidatedOperation.sourceOpIds must not contain null");
    }

    @Test
    void onlyADeleteSwallowsLaterEditsAndItCarriesNoDocument() {
        UUID later = UUID.randomUUID();
        assertThat(operation(1, OperationType.DELETE, null, List.of(OP), List.of(later)).tombstonedOpIds())
                .containsExactly(later);
        assertThatThrownBy(() -> operation(1, OperationType.UPDATE, DOC, List.of(OP), List.of(later)))
                .hasMessage("ConsolidatedOperation.tombstonedOpIds must be empty on UPDATE");
        assertThatThrownBy(() -> operation(1, OperationType.DELETE, DOC, List.of(OP), null))
                .hasMessage("ConsolidatedOperation.document must be absent on DELETE");
        assertThatThrownBy(() -> operation(1, OperationType.CREATE, null, List.of(OP), null))
                .hasMessage("ConsolidatedOperation.document is required");
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
    void aResultCarriesAnErrorCodeExactlyWhenRejectedAndACopyExactlyOnConflict(Outcome outcome) {
        ErrorCode code = outcome == Outcome.REJECTED ? ErrorCode.NOT_FOUND : null;
        SyncId copy = outcome == Outcome.CONFLICT_RESOLVED ? SyncId.random() : null;
        WriteResult result = result(1, outcome, code, copy);
        assertThat(result.errorCode()).isEqualTo(code);
        assertThat(result.conflictCopySyncId()).isEqualTo(copy);
        assertThat(result.tombstonedOpIds()).isNotNull();

        ErrorCode wrongCode = code == null ? ErrorCode.TOMBSTONED : null;
        assertThatThrownBy(() -> result(1, outcome, wrongCode, copy)).hasMessageContaining("WriteResult.errorCode");
        SyncId wrongCopy = copy == null ? SyncId.random() : null;
        assertThatThrownBy(() -> result(1, outcome, code, wrongCopy))
                .hasMessageContaining("WriteResult.conflictCopySyncId");
    }

    @Test
    void aResultIsNeverPending() {
        assertThatThrownBy(() -> result(1, Outcome.PENDING, null, null))
                .hasMessage("WriteResult.outcome is never PENDING");
    }

    @Test
    void aMigrationTaskNeedsALegacyId() {
        assertThatThrownBy(() -> new MigrationTask(1, OP, null, false, T, null))
                .hasMessage("MigrationTask.legacyId is required");
        assertThatThrownBy(() -> new MigrationTask(1, OP, " ", false, T, null))
                .hasMessage("MigrationTask.legacyId must not be blank");
    }

    @Test
    @SuppressWarnings("unchecked")
    void documentContentIsADeepImmutableCopyThatKeepsNulls() {
        Map<String, Object> nested = new HashMap<>();
        nested.put("gone", null);
        List<Object> list = new ArrayList<>(List.of(1, "x"));
        Map<String, Object> fields = new HashMap<>(Map.of("nested", nested, "list", list));
        DocumentContent doc = new DocumentContent("t", "c", fields, null);
        nested.put("late", 1);
        list.add(2);
        fields.clear();

        assertThat(doc.fields()).containsOnlyKeys("nested", "list");
        assertThat((Map<String, Object>) doc.fields().get("nested")).containsOnlyKeys("gone");
        assertThat((List<Object>) doc.fields().get("list")).containsExactly(1, "x");
        assertThatThrownBy(() -> doc.fields().put("k", 1)).isInstanceOf(UnsupportedOperationException.class);
        List<Object> inner = (List<Object>) doc.fields().get("list");
        assertThatThrownBy(() -> inner.add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(doc.attachments()).isEmpty();
        assertThat(new DocumentContent("t", "c", null, null).fields()).isEmpty();
    }

    @Test
    void anAttachmentNeedsAFileName() {
        assertThatThrownBy(() -> new Attachment(null, null, null, null, null, null))
                .hasMessage("Attachment.fileName is required");
        assertThat(new Attachment("a.pdf", null, null, null, null, null).withS3Key("u/s/a.pdf").s3Key())
                .isEqualTo("u/s/a.pdf");
    }

    private static ChangeEvent change(int version, OperationType type, DocumentContent doc) {
        return new ChangeEvent(version, OP, ID, type, 0, T, doc, null, "user", "device", T);
    }

    private static ConsolidatedOperation operation(int version, OperationType type, DocumentContent doc,
            List<UUID> sources, List<UUID> tombstoned) {
        return new ConsolidatedOperation(version, ID, "user", "device", type, doc, 0, T, null, sources, tombstoned, T,
                T,
                null);
    }

    private static WriteResult result(int version, Outcome outcome, ErrorCode code, SyncId copy) {
        return new WriteResult(version, UUID.randomUUID(), ID, "user", "device", outcome, code, 1, List.of(OP), null,
                copy, null, null, null, T);
    }
}
