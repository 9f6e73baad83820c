package io.syncid.system;

import static io.syncid.model.store.DocumentsTable.CATEGORY;
import static io.syncid.model.store.DocumentsTable.CHANGE_POS;
import static io.syncid.model.store.DocumentsTable.DELETED;
import static io.syncid.model.store.DocumentsTable.FIELDS;
import static io.syncid.model.store.DocumentsTable.PURGED_CHANGE_POS;
import static io.syncid.model.store.DocumentsTable.RESERVED;
import static io.syncid.model.store.DocumentsTable.SYNC_ID;
import static io.syncid.model.store.DocumentsTable.TITLE;
import static io.syncid.model.store.DocumentsTable.USER_ID;
import static io.syncid.model.store.DocumentsTable.USER_INDEX;
import static io.syncid.system.Device.batch;
import static io.syncid.system.Device.create;
import static io.syncid.system.Device.delete;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentsTable;
import io.syncid.model.store.PullCursor;
import io.syncid.model.store.SyncMetadataTable;
import io.syncid.testkit.PostgresServer;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The tombstone retention purge through the real services as processes (gateway, consolidator, writer,
 * tombstone-service): a tombstone older than the retention becomes a content-free reservation in {@code Documents} and
 * leaves the registry, a younger one stays, the horizon in {@code SyncMetadata} moves, the gateway answers an older
 * cursor with {@code RESYNC_REQUIRED}, and a CREATE of the purged syncId is REJECTED {@code TOMBSTONED} (SPEC §3, §4,
 * §8).
 *
 * <p>
 * The packaged tombstone-service takes its time from the system clock, so the "injected clock" here is a short
 * retention ({@value #RETENTION_SECONDS} s): the test waits the retention out once instead of moving a clock by 90 days.
 * The purge's pause for the gateway's horizon cache is shortened with it (cache 1 s, pause 2 s), the scheduled purge is
 * off, and the purge is started through the operator API and polled to its end.
 */
class TombstonePurgeTest {

    private static final int RETENTION_SECONDS = 8;

    private static SyncSystem system;

    @BeforeAll
    static void start() {
        system = SyncSystem.start(3, Map.of(
                "sync-gateway", Map.of(
                        "syncid.gateway.pull.settle-window", "0s",
                        "syncid.gateway.pull.horizon-cache-ttl", "1s"),
                "tombstone-service", Map.of(
                        "syncid.tombstones.retention", RETENTION_SECONDS + "s",
                        "syncid.tombstones.purge.scheduled", "false",
                        "syncid.tombstones.purge.horizon-cache-wait", "2s",
                        "syncid.tombstones.orphans.scheduled", "false",
                        "syncid.tombstones.cleanup.every", "1s")),
                "sync-gateway", "queue-consolidator", "remote-writer", "tombstone-service");
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void anOldTombstoneIsPurgedIntoAReservationAndItsSyncIdNeverComesBack() {
        Device phone = new Device(system, "purge-alice", "phone");
        SyncId a = SyncId.random();
        SyncId b = SyncId.random();
        assertOutcome(phone, phone.push(batch(create(a, "old"), create(b, "young"))), "APPLIED");
        assertOutcome(phone, phone.push(batch(delete(a, 1))), "DELETED");
        awaitRegistered(a);

        // A device in sync before the purge: its cursor has seen A's tombstone.
        SyncSystem.Answer before = phone.pull(null, 100);
        assertThat(before.body().get("hasMore").asBoolean()).isFalse();
        assertThat(syncIds(before.body())).contains(a.toString(), b.toString());
        String c0 = before.body().get("nextCursor").asText();
        long c0CompleteAt = PullCursor.decode(c0).completeAtMillis();
        assertThat(horizonMillis()).as("no horizon before the first purge").isEmpty();

        // Past the retention for A and for C0; B is deleted only now, so its tombstone is younger than the retention.
        sleepUntil(Instant.ofEpochMilli(c0CompleteAt).plusSeconds(RETENTION_SECONDS).plusMillis(500));
        assertOutcome(phone, phone.push(batch(delete(b, 1))), "DELETED");
        awaitRegistered(b);

        JsonNode report = purge();

        assertThat(report.get("outcome").asText()).as("purge report %s", report).isEqualTo("SUCCEEDED");
        assertThat(report.get("purged").asInt()).as("purge report %s", report).isEqualTo(1);
        Instant horizon = Instant.parse(report.get("horizon").asText());
        assertThat(horizonMillis()).as("SyncMetadata horizon").contains(horizon.toEpochMilli());
        assertThat(horizon.toEpochMilli()).as("the horizon passed C0").isGreaterThan(c0CompleteAt);
        Instant bDeletedAt = registryDeletedAt(b).orElseThrow();
        assertThat(bDeletedAt).as("B is younger than the horizon (else the scenario's timing failed)")
                .isAfterOrEqualTo(horizon);

        // A: out of the registry, a content-free reservation out of UserIndex; B: a tombstone in both stores.
        assertThat(registryDeletedAt(a)).isEmpty();
        Map<String, AttributeValue> reservation = item(a);
        assertThat(reservation.get(RESERVED).bool()).isTrue();
        assertThat(reservation.get(DELETED).bool()).isTrue();
        assertThat(reservation.get(USER_ID).s()).isEqualTo(phone.userId);
        assertThat(reservation).containsKey(PURGED_CHANGE_POS).doesNotContainKeys(CHANGE_POS, TITLE, CATEGORY, FIELDS);
        Map<String, AttributeValue> young = item(b);
        assertThat(young).containsKey(CHANGE_POS).doesNotContainKey(RESERVED);
        assertThat(young.get(DELETED).bool()).isTrue();
        assertThat(inUserIndex(phone.userId)).contains(b.toString()).doesNotContain(a.toString());

        // The gateway: C0 is older than the horizon → RESYNC_REQUIRED; a full pull works and lacks A.
        SyncSystem.Answer stale = system.get(phone.userId, "/v1/documents?limit=100&since=" + c0);
        assertThat(stale.status()).as("pull with C0: %s", stale.body()).isEqualTo(410);
        assertThat(stale.body().get("code").asText()).isEqualTo("RESYNC_REQUIRED");
        assertThat(stale.body().get("status").asInt()).isEqualTo(410);
        assertThat(Instant.parse(stale.body().get("retentionHorizon").asText())).isEqualTo(
                Instant.ofEpochMilli(horizon.toEpochMilli()));
        SyncSystem.Answer fresh = phone.pull(null, 100);
        assertThat(syncIds(fresh.body())).contains(b.toString()).doesNotContain(a.toString());
        assertThat(fresh.body().get("documents")).filteredOn(d -> d.get("syncId").asText().equals(b.toString()))
                .singleElement().satisfies(d -> assertThat(d.get("deleted").asBoolean()).isTrue());
        phone.pull(fresh.body().get("nextCursor").asText(), 100);

        // A purged syncId reads as deleted and can never be created again.
        assertThat(phone.document(a).status()).isEqualTo(410);
        var again = phone.push(batch(create(a, "resurrected?")));
        JsonNode outcome = phone.settle(again).get(again.get(0).get("opId"));
        assertThat(outcome.get("status").asText()).as("outcome %s", outcome).isEqualTo("REJECTED");
        assertThat(outcome.get("error").get("code").asText()).isEqualTo("TOMBSTONED");
        SyncSystem.Answer read = phone.document(a);
        assertThat(read.status()).isEqualTo(410);
        assertThat(read.body().get("code").asText()).isEqualTo("TOMBSTONED");
        assertThat(item(a)).containsKey(RESERVED).doesNotContainKeys(CHANGE_POS, TITLE);
        assertThat(syncIds(phone.pull(null, 100).body())).doesNotContain(a.toString());
    }

    /** Starts a purge through the operator API (202 at once) and polls its run until it has ended. */
    private static JsonNode purge() {
        SyncSystem.Answer started = system.admin("tombstone-service", "POST", "/v1/admin/purges");
        assertThat(started.status()).as("start purge: %s", started.body()).isEqualTo(202);
        assertThat(started.body().get("outcome").asText()).isEqualTo("RUNNING");
        String run = "/v1/admin/purges/" + started.body().get("id").asLong();
        return await("purge " + run + " ended", () -> {
            SyncSystem.Answer answer = system.admin("tombstone-service", "GET", run);
            assertThat(answer.status()).as("purge run: %s", answer.body()).isEqualTo(200);
            return "RUNNING".equals(answer.body().get("outcome").asText())
                    ? Optional.empty()
                    : Optional.of(answer.body());
        });
    }

    private static void assertOutcome(Device device, List<Map<String, Object>> ops, String status) {
        for (JsonNode outcome : device.settle(ops).values()) {
            assertThat(outcome.get("status").asText()).as("outcome %s", outcome).isEqualTo(status);
        }
    }

    /** Waits until the tombstone-service has recorded the tombstone and cleaned its attachments (purgeable). */
    private static void awaitRegistered(SyncId syncId) {
        await("tombstone " + syncId + " registered and cleaned",
                () -> query("SELECT deleted_at FROM tombstones.document_tombstones WHERE sync_id = ? "
                        + "AND attachments_cleaned_at IS NOT NULL", syncId));
    }

    private static Optional<Instant> registryDeletedAt(SyncId syncId) {
        return query("SELECT deleted_at FROM tombstones.document_tombstones WHERE sync_id = ?", syncId);
    }

    private static Optional<Instant> query(String sql, SyncId syncId) {
        PostgresServer postgres = system.infra().postgres();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                postgres.password());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, syncId.toString());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getTimestamp(1).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            // The schema appears when the tombstone-service has migrated it.
            return Optional.empty();
        }
    }

    private static DynamoDbClient dynamo() {
        return system.infra().dynamo().client();
    }

    private static Map<String, AttributeValue> item(SyncId syncId) {
        return dynamo().getItem(r -> r.tableName(DocumentsTable.NAME)
                .key(Map.of(SYNC_ID, AttributeValue.fromS(syncId.toString()))).consistentRead(true)).item();
    }

    private static List<String> inUserIndex(String userId) {
        return dynamo().query(r -> r.tableName(DocumentsTable.NAME).indexName(USER_INDEX)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", USER_ID))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId))))
                .items().stream().map(i -> i.get(SYNC_ID).s()).toList();
    }

    private static Optional<Long> horizonMillis() {
        var item = dynamo().getItem(r -> r.tableName(SyncMetadataTable.NAME)
                .key(Map.of(SyncMetadataTable.KEY, AttributeValue.fromS(SyncMetadataTable.RETENTION_HORIZON_KEY)))
                .consistentRead(true)).item();
        return item == null || !item.containsKey(SyncMetadataTable.HORIZON_MILLIS)
                ? Optional.empty()
                : Optional.of(Long.parseLong(item.get(SyncMetadataTable.HORIZON_MILLIS).n()));
    }

    private static List<String> syncIds(JsonNode page) {
        return page.get("documents").findValuesAsText("syncId");
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            SyncSystem.sleep(200);
        }
    }

    private static void sleepUntil(Instant when) {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            SyncSystem.sleep(millis);
        }
    }

}
