package io.syncid.tombstones.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;
import io.syncid.tombstones.service.OrphanRule.AttachmentPath;
import io.syncid.tombstones.support.Fixtures;

class OrphanRuleTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant GRACE_START = NOW.minus(Duration.ofHours(24));
    private static final Instant OLD = GRACE_START.minusSeconds(1);
    private static final Instant FRESH = GRACE_START.plusSeconds(1);
    private static final SyncId SYNC_ID = SyncId.parse("0b8e0a4c-1f1e-4c1a-9d36-5a4e7f1c2b3d");

    @Test
    void keysAreSplitAlongTheAttachmentLayoutOnly() {
        assertThat(AttachmentPath.parse("alice/" + SYNC_ID + "/policy.pdf"))
                .contains(new AttachmentPath("alice", SYNC_ID, "policy.pdf"));
        assertThat(AttachmentPath.parse("alice/" + SYNC_ID + "/")).isEmpty();
        assertThat(AttachmentPath.parse("alice/" + SYNC_ID)).isEmpty();
        assertThat(AttachmentPath.parse("/" + SYNC_ID + "/policy.pdf")).isEmpty();
        assertThat(AttachmentPath.parse("alice/not-a-sync-id/policy.pdf")).isEmpty();
        assertThat(AttachmentPath.parse("alice/" + SYNC_ID.toString().toUpperCase() + "/policy.pdf")).isEmpty();
        assertThat(AttachmentPath.parse("alice/" + SYNC_ID + "/a/b.pdf")).isEmpty();
    }

    @Test
    void theRuleAsATable() {
        DocumentItem live = Fixtures.live(SYNC_ID, "alice", NOW);
        DocumentItem othersLive = Fixtures.live(SYNC_ID, "bob", NOW);
        DocumentItem tombstone = Fixtures.tombstone(SYNC_ID, "alice", 2, NOW, "user");
        AttachmentPath listed = new AttachmentPath("alice", SYNC_ID, "policy.pdf");
        AttachmentPath unlisted = new AttachmentPath("alice", SYNC_ID, "other.png");

        record Row(String what, AttachmentPath path, Optional<DocumentItem> doc, Instant modified, boolean orphan) {
        }
        var rows = new Row[]{
                new Row("no document, within grace", listed, Optional.empty(), FRESH, false),
                new Row("no document, after grace", listed, Optional.empty(), OLD, true),
                new Row("live and listed, after grace", listed, Optional.of(live), OLD, false),
                new Row("live and listed, within grace", listed, Optional.of(live), FRESH, false),
                new Row("live, not listed, within grace", unlisted, Optional.of(live), FRESH, false),
                new Row("live, not listed, after grace", unlisted, Optional.of(live), OLD, true),
                new Row("deleted, within grace", listed, Optional.of(tombstone), FRESH, true),
                new Row("deleted, after grace", listed, Optional.of(tombstone), OLD, true),
                new Row("another user's document, within grace", listed, Optional.of(othersLive), FRESH, false),
                new Row("another user's document, after grace", listed, Optional.of(othersLive), OLD, true),
        };
        for (Row row : rows) {
            assertThat(OrphanRule.isOrphan(row.path(), row.doc(), row.modified(), GRACE_START)).as(row.what())
                    .isEqualTo(row.orphan());
        }
    }
}
