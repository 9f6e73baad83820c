package io.syncid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.client.api.DeviceApi;
import io.syncid.client.queue.QueueState;
import io.syncid.client.queue.QueuedOperation;
import io.syncid.model.ContentHash;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;

/**
 * The client's local side on a real SQLite file: the device schema, edits folded into the offline queue, tombstones;
 * and its flush against a {@link ScriptedGateway} that answers 503 and hangs before it accepts.
 */
class SyncClientQueueTest {

    @TempDir
    Path dir;

    private ScriptedGateway gateway;
    private SyncClient client;

    @BeforeEach
    void open() throws Exception {
        gateway = new ScriptedGateway(List.of(ScriptedGateway.Answer.UNAVAILABLE, ScriptedGateway.Answer.HANG));
        client = SyncClient.open(dir.resolve("device.db"), ClientOptions.of("alice", "phone"),
                new DeviceApi(gateway.uri(), () -> "token", Duration.ofSeconds(1)));
    }

    @AfterEach
    void close() {
        client.close();
        gateway.close();
    }

    @Test
    void theDatabaseHasTheDeviceSchemaOfTheRollout() throws SQLException {
        SyncId id = client.create("Home insurance", "insurance", Map.of());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("device.db"));
                Statement s = db.createStatement()) {
            assertThat(columns(s, "documents")).contains("local_id", "sync_id", "title", "category", "fields",
                    "version");
            assertThat(columns(s, "document_tombstones")).containsExactly("sync_id", "user_id", "deleted_at",
                    "deleted_by", "reason");
            assertThat(columns(s, "file_attachments")).contains("document_sync_id", "file_name", "checksum");
            assertThat(columns(s, "sync_queue")).contains("op_id", "sync_id", "type", "base_version", "state");
            try (ResultSet rs = s.executeQuery("SELECT \"unique\" FROM pragma_index_list('documents') "
                    + "WHERE name = 'ux_documents_sync_id'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("unique index on sync_id").isEqualTo(1);
            }
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO documents(sync_id, user_id, title, category) "
                    + "VALUES ('" + id + "', 'alice', 'twin', 'x')")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("UNIQUE");
        }
    }

    private static List<String> columns(Statement s, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void offlineEditsOfOneDocumentFoldIntoOneQueuedOperation() {
        SyncId id = client.create("v1", "insurance", Map.of("renewal", "2027-01-31"));
        String second = client.edit(id, "v2", "insurance", Map.of("renewal", "2027-02-28"));
        String third = client.edit(id, "v3", "car", Map.of());

        List<QueuedOperation> queue = client.queue();
        assertThat(queue).hasSize(1);
        assertThat(queue.get(0).type()).isEqualTo(OperationType.CREATE);
        assertThat(queue.get(0).document().title()).isEqualTo("v3");
        assertThat(queue.get(0).opId()).isEqualTo(second).isEqualTo(third);
        LocalDocument doc = client.document(id).orElseThrow();
        assertThat(doc.title()).isEqualTo("v3");
        assertThat(doc.version()).isZero();
        assertThat(doc.contentHash()).isEqualTo(ContentHash.of(doc.content()));
    }

    @Test
    void aDocumentCreatedAndDeletedOfflineLeavesADeleteAndATombstone() {
        SyncId id = client.create("short-lived", "misc", Map.of());
        client.delete(id);

        assertThat(client.queue()).singleElement().satisfies(op -> {
            assertThat(op.type()).isEqualTo(OperationType.DELETE);
            assertThat(op.baseVersion()).isZero();
            assertThat(op.document()).isNull();
        });
        assertThat(client.document(id)).isEmpty();
        assertThat(client.tombstones()).singleElement()
                .satisfies(t -> assertThat(t.syncId()).isEqualTo(id));
        assertThatThrownBy(() -> client.edit(id, "back?", "misc", Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidContentIsRefusedBeforeItIsQueued() {
        assertThatThrownBy(() -> client.create("", "misc", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.create("t", "c".repeat(129), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(client.queue()).isEmpty();
        assertThat(client.documents()).isEmpty();
    }

    @Test
    void aFlushAnswered503OrTimedOutIsSentAgainWithTheSameOpIds() {
        SyncId a = client.create("a", "misc", Map.of());
        SyncId b = client.create("b", "misc", Map.of());

        SyncReport first = client.sync();
        assertThat(first.interruption()).contains("SERVICE_UNAVAILABLE");
        assertThat(client.queue()).allSatisfy(op -> assertThat(op.state()).isEqualTo(QueueState.SENDING));
        // An edit after the unanswered flush must not change what the gateway may already hold.
        String later = client.edit(a, "a2", "misc", Map.of());

        SyncReport second = client.sync();
        assertThat(second.interruption()).contains("TIMEOUT");
        SyncReport third = client.sync();
        assertThat(third.interruption()).isNull();

        assertThat(gateway.flushCount()).isEqualTo(4);
        JsonNode original = gateway.flushBodies.get(0);
        assertThat(ScriptedGateway.text(gateway.flushBodies.get(1))).isEqualTo(ScriptedGateway.text(original));
        assertThat(ScriptedGateway.text(gateway.flushBodies.get(2))).isEqualTo(ScriptedGateway.text(original));
        assertThat(original.get("operations")).extracting(op -> op.get("syncId").asText())
                .containsExactly(a.toString(), b.toString());
        JsonNode newer = gateway.flushBodies.get(3).get("operations");
        assertThat(newer).singleElement().satisfies(op -> {
            assertThat(op.get("opId").asText()).isEqualTo(later);
            assertThat(op.get("type").asText()).isEqualTo("UPDATE");
            assertThat(op.get("baseVersion").asLong()).isZero();
        });
        assertThat(third.settled()).containsEntry(Outcome.APPLIED, 3);
        assertThat(client.queue()).isEmpty();
        assertThat(client.document(a).orElseThrow().version()).as("CREATE then UPDATE").isEqualTo(2);
        assertThat(client.document(a).orElseThrow().title()).isEqualTo("a2");
        assertThat(client.settled()).extracting(SettledOperation::outcome).containsOnly(Outcome.APPLIED);
    }

    @Test
    void outcomesAreAskedForAtMostAHundredAtATime() throws Exception {
        gateway.close();
        client.close();
        gateway = new ScriptedGateway(List.of());
        client = SyncClient.open(dir.resolve("many.db"), ClientOptions.of("alice", "phone").withBatchSize(500),
                new DeviceApi(gateway.uri(), () -> "token", Duration.ofSeconds(5)));
        for (int i = 0; i < 250; i++) {
            client.create("doc " + i, "misc", Map.of());
        }

        SyncReport report = client.sync();

        assertThat(report.settled()).containsEntry(Outcome.APPLIED, 250);
        assertThat(gateway.outcomeQueries).hasSize(3)
                .allSatisfy(q -> assertThat(q.split(",").length).isLessThanOrEqualTo(100));
        assertThat(Files.exists(dir.resolve("many.db"))).isTrue();
    }
}
