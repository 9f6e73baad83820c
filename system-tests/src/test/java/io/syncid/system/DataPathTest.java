package io.syncid.system;

import static io.syncid.system.Device.batch;
import static io.syncid.system.Device.create;
import static io.syncid.system.Device.delete;
import static io.syncid.system.Device.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.SyncId;

/**
 * The data path as a device sees it, through the real services as processes (gateway → sync.changes → consolidator →
 * sync.operations → writer → Documents/OperationOutcomes): a pushed operation becomes readable, pullable and settled.
 */
class DataPathTest {

    private static SyncSystem system;

    @BeforeAll
    static void start() {
        system = SyncSystem.start(3, Map.of("sync-gateway", Map.of("syncid.gateway.pull.settle-window", "0s")),
                "sync-gateway",
                "queue-consolidator", "remote-writer");
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aCreatedDocumentIsAppliedReadableAndPulled() {
        Device phone = new Device(system, "alice", "phone");
        SyncId id = SyncId.random();
        var ops = phone.push(batch(create(id, "Home insurance")));

        JsonNode outcome = phone.settle(ops).get(ops.get(0).get("opId"));
        assertThat(outcome.get("status").asText()).isEqualTo("APPLIED");
        assertThat(outcome.get("version").asLong()).isEqualTo(1);

        SyncSystem.Answer read = phone.document(id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("title").asText()).isEqualTo("Home insurance");
        assertThat(read.body().get("contentHash").asText()).hasSize(64);
        assertThat(phone.fullPull()).containsKey(id.toString());
        assertThat(new Device(system, "mallory", "x").document(id).status()).isEqualTo(404);
    }

    @Test
    void aDevicesOwnEditsBeforeItsCreateSettledNeverConflict() {
        Device phone = new Device(system, "bob", "phone");
        SyncId id = SyncId.random();
        var ops = phone.push(batch(create(id, "v1"), update(id, 0, "v2")));
        var more = phone.push(batch(update(id, 0, "v3")));

        Map<String, JsonNode> outcomes = phone.settle(ops);
        outcomes.putAll(phone.settle(more));
        assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.get("status").asText()).isEqualTo("APPLIED"));
        JsonNode doc = phone.document(id).body();
        assertThat(doc.get("title").asText()).isEqualTo("v3");
        assertThat(phone.fullPull().values()).noneMatch(d -> d.hasNonNull("conflictOf"));
    }

    @Test
    void concurrentEditsOfTwoDevicesKeepBothVersions() {
        Device phone = new Device(system, "carol", "phone");
        Device tablet = new Device(system, "carol", "tablet");
        SyncId id = SyncId.random();
        phone.settle(phone.push(batch(create(id, "original"))));

        var fromPhone = phone.push(batch(update(id, 1, "phone edit")));
        phone.settle(fromPhone);
        var fromTablet = tablet.push(batch(update(id, 1, "tablet edit")));
        JsonNode stale = tablet.settle(fromTablet).get(fromTablet.get(0).get("opId"));

        assertThat(stale.get("status").asText()).isEqualTo("CONFLICT_RESOLVED");
        String copyId = stale.get("conflictCopySyncId").asText();
        SyncSystem.Answer copy = tablet.document(SyncId.parse(copyId));
        assertThat(copy.status()).isEqualTo(200);
        assertThat(copy.body().get("conflictOf").asText()).isEqualTo(id.toString());
        List<String> titles = List.of(phone.document(id).body().get("title").asText(),
                copy.body().get("title").asText());
        assertThat(titles).containsExactlyInAnyOrder("phone edit", "tablet edit");
        assertThat(phone.fullPull()).containsKeys(id.toString(), copyId);
    }

    @Test
    void aDeletedDocumentStaysDeleted() {
        Device phone = new Device(system, "dave", "phone");
        SyncId id = SyncId.random();
        phone.settle(phone.push(batch(create(id, "to delete"))));
        var deletion = phone.push(batch(delete(id, 1)));
        assertThat(phone.settle(deletion).get(deletion.get(0).get("opId")).get("status").asText())
                .isEqualTo("DELETED");
        assertThat(phone.document(id).status()).isEqualTo(410);

        var late = phone.push(batch(update(id, 2, "resurrected?")));
        JsonNode outcome = phone.settle(late).get(late.get(0).get("opId"));
        assertThat(outcome.get("status").asText()).isEqualTo("REJECTED");
        assertThat(outcome.get("error").get("code").asText()).isEqualTo("TOMBSTONED");
        assertThat(phone.document(id).status()).isEqualTo(410);
    }

    @Test
    void aRetriedFlushIsAppliedOnce() {
        Device phone = new Device(system, "erin", "phone");
        SyncId id = SyncId.random();
        var ops = batch(create(id, "once"), update(id, 0, "twice?"));
        phone.push(ops);
        phone.settle(ops);
        long version = phone.document(id).body().get("version").asLong();

        phone.push(ops);
        var marker = phone.push(batch(update(id, version, "after the retry")));
        assertThat(phone.settle(marker).get(marker.get(0).get("opId")).get("status").asText()).isEqualTo("APPLIED");
        JsonNode doc = phone.document(id).body();
        assertThat(doc.get("title").asText()).isEqualTo("after the retry");
        // Had the retried flush been applied again, the version would have moved past version + 1.
        assertThat(doc.get("version").asLong()).isEqualTo(version + 1);
    }

    @Test
    void anotherUsersSyncIdIsNeitherWrittenNorRevealed() {
        Device alice = new Device(system, "frank", "phone");
        Device mallory = new Device(system, "mallory", "laptop");
        SyncId id = SyncId.random();
        alice.settle(alice.push(batch(create(id, "mine"))));
        var steal = mallory.push(batch(create(id, "theirs")));
        JsonNode outcome = mallory.settle(steal).get(steal.get(0).get("opId"));
        assertThat(outcome.get("status").asText()).isEqualTo("REJECTED");
        assertThat(outcome.get("error").get("code").asText()).isEqualTo("SYNC_ID_UNAVAILABLE");
        assertThat(alice.document(id).body().get("title").asText()).isEqualTo("mine");
    }
}
