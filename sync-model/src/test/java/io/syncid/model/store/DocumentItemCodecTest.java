package io.syncid.model.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncid.model.Attachment;
import io.syncid.model.SyncId;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the writer stores is exactly what the gateway reads back; a tombstone stores no content. */
class DocumentItemCodecTest {

    private static final Instant T = Instant.parse("2026-11-24T10:15:30.123Z");

    @Test
    void liveDocumentRoundTrips() {
        DocumentItem doc = new DocumentItem(SyncId.random(), "alice", "Home insurance", "insurance",
                Map.of("renewal", "2027-01-31", "nested", Map.of("a", List.of(1, 2.5, "x", true))),
                List.of(new Attachment("policy.pdf", "application/pdf", 48213L, "sha256:abc", "policy",
                        "alice/x/policy.pdf")),
                T, T.plusSeconds(5), 3, "hash", "legacy-7", SyncId.random(), false, null, null, null,
                List.of("op-1", "op-2"), "pixel", new ChangePosition(4, 1234, 1), 1_700_000_000_000L);
        assertThat(DocumentItemCodec.fromItem(DocumentItemCodec.toItem(doc))).isEqualTo(doc);
    }

    @Test
    void tombstoneKeepsOnlyItsMarker() {
        DocumentItem doc = new DocumentItem(SyncId.random(), "alice", "dropped", "dropped", Map.of("k", "v"),
                List.of(new Attachment("a.pdf", null, null, null, null, null)), T, T, 4, "hash", null, null, true,
                T, "pixel", "user", List.of("op-3"), "pixel", new ChangePosition(0, 9, 0), 1L);
        Map<String, AttributeValue> item = DocumentItemCodec.toItem(doc);
        assertThat(item).doesNotContainKeys(DocumentsTable.TITLE, DocumentsTable.CATEGORY, DocumentsTable.FIELDS,
                DocumentsTable.ATTACHMENTS, DocumentsTable.CONTENT_HASH);
        DocumentItem back = DocumentItemCodec.fromItem(item);
        assertThat(back.deleted()).isTrue();
        assertThat(back.title()).isNull();
        assertThat(back.attachments()).isEmpty();
        assertThat(back.deletedBy()).isEqualTo("pixel");
        assertThat(back.version()).isEqualTo(4);
    }

    @Test
    void perVersionDevicesRoundTrip() {
        DocumentItem doc = new DocumentItem(SyncId.random(), "alice", "t", "c", null, null, T, T, 3, "h", null, null,
                false, null, null, null, null, "pixel", new ChangePosition(1, 2, 0), 1L,
                Map.of(1L, "pixel", 2L, "ipad", 3L, "pixel"));
        assertThat(DocumentItemCodec.fromItem(DocumentItemCodec.toItem(doc)).versionDevices())
                .containsExactlyInAnyOrderEntriesOf(Map.of(1L, "pixel", 2L, "ipad", 3L, "pixel"));
    }

    @Test
    void aPurgedReservationReadsAsTheTombstoneItWasAndIsOutOfTheIndex() {
        DocumentItem tombstone = new DocumentItem(SyncId.random(), "alice", null, null, null, null, T, T, 4, null,
                null, null, true, T, "pixel", "user", List.of("op-3"), "pixel", new ChangePosition(2, 77, 0), 1L);
        Map<String, AttributeValue> item = new java.util.HashMap<>(DocumentItemCodec.toItem(tombstone));
        // What the purge's conditional update leaves behind.
        AttributeValue pos = item.remove(DocumentsTable.CHANGE_POS);
        item.remove(DocumentsTable.CHANGED_AT_MILLIS);
        item.put(DocumentsTable.PURGED_CHANGE_POS, pos);
        item.put(DocumentsTable.RESERVED, AttributeValue.fromBool(true));
        item.put(DocumentsTable.PURGED_AT, AttributeValue.fromS(T.toString()));

        assertThat(DocumentItemCodec.isReservation(item)).isTrue();
        assertThat(DocumentItemCodec.isReservation(DocumentItemCodec.toItem(tombstone))).isFalse();
        DocumentItem back = DocumentItemCodec.fromItem(item);
        assertThat(back.deleted()).isTrue();
        assertThat(back.userId()).isEqualTo("alice");
        assertThat(back.changePos()).isEqualTo(new ChangePosition(2, 77, 0));
    }
    @Test
    void parsesInstantsExactlyAsInstantParse() {
        java.util.Random random = new java.util.Random(15);
        List<String> samples = new java.util.ArrayList<>(List.of("2026-11-24T10:15:30Z", "2026-11-24T10:15:30.1Z",
                "2026-11-24T10:15:30.120Z", "2026-11-24T10:15:30.123456Z", "2026-11-24T10:15:30.123456789Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z",
                // not what toString writes: left to Instant.parse, whose answer (or refusal) must be the result
                "2016-12-31T23:59:60Z", "2026-02-29T00:00:00Z", "2026-11-24T24:00:00Z", "2026-13-01T00:00:00Z",
                "2026-11-24T10:15:30.Z", "2026-11-24T10:15:30.1234567890Z", "2026-11-24T10:15:30+01:00",
                "2026-11-24t10:15:30Z", "2026-1a-24T10:15:30Z", "+12026-11-24T10:15:30Z", "-0001-11-24T10:15:30Z",
                "2026-11-24T10:15Z", ""));
        for (int i = 0; i < 10_000; i++) {
            long seconds = random.nextLong() % 253_402_300_800L;
            samples.add(Instant.ofEpochSecond(Math.abs(seconds) - 62_167_219_200L / (1 + random.nextInt(4)),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000) / (int) Math.pow(10, random.nextInt(7)))
                    .toString());
        }
        for (String text : samples) {
            Object expected;
            try {
                expected = Instant.parse(text);
            } catch (RuntimeException e) {
                expected = e.getClass();
            }
            Object actual;
            try {
                actual = DocumentItemCodec.parseInstant(text);
            } catch (RuntimeException e) {
                actual = e.getClass();
            }
            assertThat(actual).as(text).isEqualTo(expected);
        }
    }
}
