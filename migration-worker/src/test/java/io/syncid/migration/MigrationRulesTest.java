package io.syncid.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.syncid.migration.legacy.LegacyDocument;
import io.syncid.migration.legacy.LegacyItems;
import io.syncid.migration.legacy.LegacySchema;
import io.syncid.migration.legacy.MalformedLegacyItemException;
import io.syncid.migration.service.LegacyMapping;
import io.syncid.migration.service.LegacyScan;
import io.syncid.migration.service.OpIds;
import io.syncid.migration.service.RunStatus;
import io.syncid.migration.service.SyncIdPlan;
import io.syncid.model.SyncId;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The migration's rules as plain code: reading legacy items, syncId plans, opIds, status arithmetic, duplicates. */
class MigrationRulesTest {

    private static Map<String, AttributeValue> legacy(String id) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LegacySchema.ID, AttributeValue.fromS(id));
        item.put(LegacySchema.OWNER, AttributeValue.fromS("user-1"));
        item.put(LegacySchema.TITLE, AttributeValue.fromS("Home insurance"));
        item.put(LegacySchema.CATEGORY, AttributeValue.fromS("insurance"));
        item.put(LegacySchema.CREATED_AT, AttributeValue.fromS("2021-03-04T05:06:07Z"));
        item.put(LegacySchema.RENEWAL_DATE, AttributeValue.fromS("2027-01-31"));
        item.put(LegacySchema.DS_VERSION, AttributeValue.fromN("4"));
        item.put(LegacySchema.DS_LAST_CHANGED_AT, AttributeValue.fromN("1700000000000"));
        return item;
    }

    private static Map<String, AttributeValue> file(String documentId, String name) {
        return Map.of(LegacySchema.ID, AttributeValue.fromS("f-" + name), LegacySchema.DOCUMENT_ID,
                AttributeValue.fromS(documentId), LegacySchema.FILE_NAME, AttributeValue.fromS(name),
                LegacySchema.S3_KEY, AttributeValue.fromS(LegacySchema.objectKey("user-1", documentId, name)),
                LegacySchema.FILE_SIZE, AttributeValue.fromN("12"));
    }

    @Test
    void aLegacyItemFallsBackToDataStoresVersionAndLastChangedAtAndMapsItsFields() {
        LegacyDocument doc = LegacyItems.document(legacy("a"), List.of(file("a", "b.pdf"), file("a", "a.jpg")));
        assertThat(doc.version()).isEqualTo(4);
        assertThat(doc.lastModified()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(doc.deleted()).isFalse();
        assertThat(doc.attachments()).extracting(a -> a.fileName()).containsExactly("a.jpg", "b.pdf");
        assertThat(LegacyMapping.fields(doc)).containsExactly(Map.entry("renewalDate", "2027-01-31"));
        assertThat(LegacyMapping.contentType("SCAN.PDF")).isEqualTo("application/pdf");
        assertThat(LegacyMapping.contentType("noext")).isEqualTo("application/octet-stream");
    }

    @Test
    void dataStoresDeletedFlagMakesATombstoneWithoutContent() {
        Map<String, AttributeValue> item = legacy("d");
        item.remove(LegacySchema.TITLE);
        item.put(LegacySchema.DS_DELETED, AttributeValue.fromBool(true));
        assertThat(LegacyItems.document(item, List.of()).deleted()).isTrue();
    }

    @Test
    void malformedItemsAreRefusedWithAReasonThatNamesTheField() {
        Map<String, AttributeValue> noOwner = legacy("x");
        noOwner.remove(LegacySchema.OWNER);
        Map<String, AttributeValue> badVersion = legacy("y");
        badVersion.put(LegacySchema.VERSION, AttributeValue.fromS("three"));
        Map<String, AttributeValue> badTime = legacy("z");
        badTime.put(LegacySchema.CREATED_AT, AttributeValue.fromS("yesterday"));
        Map<String, AttributeValue> noTitle = legacy("t");
        noTitle.remove(LegacySchema.TITLE);
        Map<String, Map<String, AttributeValue>> cases = Map.of("has no owner", noOwner,
                "version is not a number", badVersion, "createdAt is not an instant", badTime, "has no title",
                noTitle);
        cases.forEach((reason, item) -> assertThatThrownBy(() -> LegacyItems.document(item, List.of()))
                .isInstanceOf(MalformedLegacyItemException.class).hasMessageContaining(reason));
        assertThatThrownBy(() -> LegacyItems.document(legacy("s"), List.of(file("s", "scans/a.pdf"))))
                .isInstanceOf(MalformedLegacyItemException.class).hasMessageContaining("must not contain /");
        assertThatThrownBy(() -> LegacyItems.document(legacy("s"), List.of(file("s", "a.pdf"), file("s", "a.pdf"))))
                .isInstanceOf(MalformedLegacyItemException.class).hasMessageContaining("two attachments");
    }

    @Test
    void aValidLegacySyncIdIsKeptNormalizedAndAnythingElseIsGeneratedWithTheReason() {
        String id = SyncId.random().toString();
        assertThat(SyncIdPlan.of(id.toUpperCase(Locale.ROOT)).candidate()).hasToString(id);
        assertThat(SyncIdPlan.of(null).reasonIfGenerated()).isEqualTo("legacy item has no syncId");
        for (String bad : List.of("not-a-uuid", "{" + id + "}", id.replace("-", ""), " " + id,
                "00000000-0000-0000-0000-000000000000", "2f1c9e3a-6a7b-11ee-8c99-0242ac120002")) {
            SyncIdPlan plan = SyncIdPlan.of(bad);
            assertThat(plan.candidate()).as(bad).isNull();
            assertThat(plan.reasonIfGenerated()).startsWith("invalid legacy syncId \"" + bad + "\": syncId");
        }
    }

    @Test
    void opIdsAreDeterministicPerRunLegacyIdAndAttempt() {
        UUID run = UUID.randomUUID();
        assertThat(OpIds.importOp(run, "a", 0)).isEqualTo(OpIds.importOp(run, "a", 0));
        assertThat(OpIds.importOp(run, "a", 0)).isNotEqualTo(OpIds.importOp(run, "a", 1))
                .isNotEqualTo(OpIds.importOp(run, "b", 0))
                .isNotEqualTo(OpIds.importOp(UUID.randomUUID(), "a", 0))
                .isNotEqualTo(OpIds.rollbackOp(run, "a"));
    }

    @Test
    void statusComputesFailureRateRateAndEta() {
        RunStatus s = RunStatus.of(UUID.randomUUID(), false, "RUNNING", 1000, 590, 10, 0, 0, 60.0, Instant.EPOCH);
        assertThat(s.pending()).isEqualTo(400);
        assertThat(s.failureRate()).isEqualTo(10.0 / 600);
        assertThat(s.docsPerSecond()).isEqualTo(10.0);
        assertThat(s.etaSeconds()).isEqualTo(40);
        assertThat(s.state()).isEqualTo("RUNNING");
        RunStatus idle = RunStatus.of(UUID.randomUUID(), false, "RUNNING", 5, 0, 0, 0, 0, 10.0, Instant.EPOCH);
        assertThat(idle.etaSeconds()).isNull();
        assertThat(RunStatus.of(UUID.randomUUID(), false, "RUNNING", 2, 1, 1, 0, 0, 1, Instant.EPOCH).state())
                .isEqualTo("COMPLETED");
    }

    @Test
    void theScanGroupsSharedSyncIdsWhateverTheirCaseAndContentDuplicates() {
        String shared = SyncId.random().toString();
        Map<String, AttributeValue> a = legacy("a");
        a.put(LegacySchema.SYNC_ID, AttributeValue.fromS(shared));
        Map<String, AttributeValue> b = legacy("b");
        b.put(LegacySchema.SYNC_ID, AttributeValue.fromS(shared.toUpperCase(Locale.ROOT)));
        Map<String, AttributeValue> c = legacy("c");
        c.put(LegacySchema.TITLE, AttributeValue.fromS("Other"));
        c.put(LegacySchema.DELETED, AttributeValue.fromBool(true));
        LegacyScan scan = LegacyScan.of(List.of(c, b, a));
        assertThat(scan.ids()).containsExactly("a", "b", "c");
        assertThat(scan.live()).isEqualTo(2);
        assertThat(scan.sharedSyncIds()).containsExactly(Map.entry(shared, List.of("a", "b")));
        assertThat(scan.contentDuplicates()).hasSize(1).containsValue(List.of("a", "b"));
    }
}
