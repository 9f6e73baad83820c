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
}
