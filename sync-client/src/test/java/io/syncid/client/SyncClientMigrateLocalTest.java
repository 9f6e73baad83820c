package io.syncid.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncid.client.api.DeviceApi;
import io.syncid.client.queue.QueuedOperation;
import io.syncid.client.store.LegacySchema;
import io.syncid.model.AttachmentChecksum;
import io.syncid.model.EventJson;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;

/**
 * {@link SyncClient#migrateLocal} on a generated legacy SQLite file against a {@link ScriptedGateway}: rows adopt their
 * syncId by legacy id or by an unambiguous content match, the rest become new documents with queued CREATEs, deleted
 * rows are skipped; a second run adopts and creates nothing; the following sync uploads only the new documents.
 */
class SyncClientMigrateLocalTest {

    private static final byte[] POLICY = "the policy's bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SCAN = "a scanned passport".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private ScriptedGateway gateway;
    private SyncClient client;
    private Path legacyDb;
    private final SyncId migrated = SyncId.random();
    private final SyncId passport = SyncId.random();
    private final SyncId otherPassport = SyncId.random();

    @BeforeEach
    void open() throws Exception {
        gateway = new ScriptedGateway(List.of());
        client = SyncClient.open(dir.resolve("device.db"), ClientOptions.of("alice", "phone"),
                new DeviceApi(gateway.uri(), () -> "token", Duration.ofSeconds(5)));
        Files.write(dir.resolve("policy.pdf"), POLICY);
        Files.createDirectories(dir.resolve("files"));
        Files.write(dir.resolve("files/scan.jpg"), SCAN);
        legacyDb = dir.resolve("legacy.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + legacyDb);
                Statement s = db.createStatement()) {
            for (String ddl : LegacySchema.DDL) {
                s.execute(ddl);
            }
            // 1: synced in the old scheme, migrated in the cloud: adopts by legacy id
            row(db, 1, "L-1", "Home insurance", "insurance", "2020-01-02T03:04:05Z", "{\"notes\":\"blue folder\"}", 0);
            attachment(db, 1, 1, "policy.pdf", dir.resolve("policy.pdf").toString());
            // 2: a legacy id the cloud does not know: never synced after all
            row(db, 2, "L-404", "Old receipt", "receipts", "1577934245000", null, 0);
            // 3: no legacy id, one best candidate by content: adopts it
            row(db, 3, null, "Passport", "id", "2020-01-02T03:04:05Z", "{}", 0);
            // 4: no legacy id, two equally good candidates: not guessed, a new document
            row(db, 4, null, "Notes", "misc", null, null, 0);
            // 5: no legacy id, no candidate: new, its file queued for upload (a second file is gone)
            row(db, 5, null, "Brand new", "misc", "2021-05-06T07:08:09.123Z", "{\"k\":1}", 0);
            attachment(db, 2, 5, "scan.jpg", "files/scan.jpg");
            attachment(db, 3, 5, "ghost.pdf", "files/ghost.pdf");
            // 6: deleted in the old app
            row(db, 6, "L-6", "Thrown away", "misc", null, null, 1);
            // 7: unreadable fields: reported, left for a later run
            row(db, 7, null, "Broken", "misc", null, "[1, 2", 0);
        }
        gateway.legacyIds.put("L-1", migrated.toString());
        gateway.legacyIds.put("L-6", SyncId.random().toString());
        gateway.seed(server(migrated, "Home insurance", "insurance", 3, "L-1", POLICY));
        gateway.seed(server(passport, "Passport", "id", 2, null, null));
        gateway.matches.put("Passport", List.of(candidate(passport, 3), candidate(otherPassport, 1)));
        gateway.matches.put("Notes", List.of(candidate(SyncId.random(), 2), candidate(SyncId.random(), 2)));
    }

    @AfterEach
    void close() {
        client.close();
        gateway.close();
    }

    @Test
    void rowsAdoptTheirSyncIdByLegacyIdOrByAnUnambiguousMatchAndTheRestAreCreated() {
        LocalMigrationReport report = client.migrateLocal(legacyDb);

        assertThat(report.adoptedByLegacyId()).isEqualTo(1);
        assertThat(report.adoptedByMatch()).isEqualTo(1);
        assertThat(report.createdNew()).isEqualTo(3);
        assertThat(report.skippedDeleted()).isEqualTo(1);
        assertThat(report.alreadyMigrated()).isZero();
        assertThat(report.missingFiles()).singleElement().asString().contains("local id 5 ghost.pdf");
        assertThat(report.failures()).singleElement().asString().contains("local id 7");

        LocalDocument home = client.document(migrated).orElseThrow();
        assertThat(home.legacyId()).isEqualTo("L-1");
        assertThat(home.fields()).containsEntry("notes", "blue folder");
        assertThat(home.version()).isZero();
        assertThat(client.document(passport)).hasValueSatisfying(d -> assertThat(d.title()).isEqualTo("Passport"));
        assertThat(client.document(otherPassport)).isEmpty();

        // Only the never-synced rows are queued, each as a CREATE; adopted documents are not uploaded again.
        List<QueuedOperation> queue = client.queue();
        assertThat(queue).extracting(QueuedOperation::type).containsOnly(OperationType.CREATE);
        assertThat(queue).extracting(op -> op.document().title())
                .containsExactlyInAnyOrder("Old receipt", "Notes", "Brand new");
        assertThat(queue).extracting(QueuedOperation::syncId).doesNotContain(migrated, passport);
        QueuedOperation brandNew = queue.stream().filter(op -> op.document().title().equals("Brand new"))
                .findFirst().orElseThrow();
        assertThat(brandNew.document().attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("scan.jpg");
            assertThat(a.size()).isEqualTo(SCAN.length);
            assertThat(a.checksum()).isEqualTo(sha256(SCAN));
        });
        assertThat(client.status().uploadsWaiting()).isEqualTo(1);
        assertThat(client.document(brandNew.syncId()).orElseThrow().createdAt())
                .isEqualTo("2021-05-06T07:08:09.123Z");
        QueuedOperation receipt = queue.stream().filter(op -> op.document().title().equals("Old receipt"))
                .findFirst().orElseThrow();
        assertThat(client.document(receipt.syncId()).orElseThrow().createdAt()).isEqualTo("2020-01-02T03:04:05Z");
        assertThat(client.documents()).hasSize(5).extracting(LocalDocument::title).doesNotContain("Thrown away",
                "Broken");
    }

    @Test
    void aSecondRunAdoptsAndCreatesNothing() throws SQLException {
        client.migrateLocal(legacyDb);
        List<LocalDocument> before = client.documents();
        List<QueuedOperation> queueBefore = client.queue();
        int requestsBefore = gateway.legacyRequests.size();

        LocalMigrationReport again = client.migrateLocal(legacyDb);

        assertThat(again.adoptedByLegacyId() + again.adoptedByMatch() + again.createdNew() + again.skippedDeleted())
                .isZero();
        assertThat(again.alreadyMigrated()).isEqualTo(6);
        assertThat(again.failures()).singleElement().asString().contains("local id 7");
        assertThat(client.documents()).isEqualTo(before);
        assertThat(client.queue()).isEqualTo(queueBefore);
        assertThat(gateway.legacyRequests).hasSize(requestsBefore);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("device.db"));
                Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT legacy_local_id, how FROM legacy_migrations "
                        + "ORDER BY legacy_local_id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2));
            }
            assertThat(rows).containsExactly("1 LEGACY_ID", "2 NEW", "3 MATCH", "4 NEW", "5 NEW", "6 DELETED");
        }
    }

    @Test
    void aLocalTwinOfAnAdoptedRowBecomesANewDocumentNotASecondClaim() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + legacyDb)) {
            // The old bug: the same document twice on the device, both matching the one cloud document.
            row(db, 8, null, "Passport", "id", "2020-01-02T03:04:05Z", "{}", 0);
        }
        LocalMigrationReport report = client.migrateLocal(legacyDb);

        assertThat(report.adoptedByMatch()).isEqualTo(1);
        // Its best candidate is claimed by row 3; the weaker one is not taken instead: the twin keeps its content.
        assertThat(report.createdNew()).isEqualTo(4);
        assertThat(client.document(otherPassport)).isEmpty();
        assertThat(client.documents()).filteredOn(d -> d.title().equals("Passport")).hasSize(2);
        assertThat(client.documents()).extracting(LocalDocument::syncId).doesNotHaveDuplicates();
    }

    @Test
    void aCandidateThatMatchesOnlyTitleAndCategoryIsNotAdopted() throws Exception {
        SyncId lookalike = SyncId.random();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + legacyDb)) {
            // Another car's papers, created at another time: adopting it would replace this row's content.
            row(db, 8, null, "Car papers", "car", "2019-03-04T05:06:07Z", "{}", 0);
        }
        gateway.matches.put("Car papers", List.of(candidate(lookalike, 2)));

        LocalMigrationReport report = client.migrateLocal(legacyDb);

        assertThat(report.adoptedByMatch()).isEqualTo(1);
        assertThat(report.createdNew()).isEqualTo(4);
        assertThat(client.document(lookalike)).isEmpty();
        assertThat(client.queue()).extracting(op -> op.document().title()).contains("Car papers");
    }

    @Test
    void theNextSyncReadsTheAdoptedDocumentsAndUploadsOnlyTheNewOnes() {
        client.migrateLocal(legacyDb);

        SyncReport report = client.sync();

        assertThat(report.interruption()).isNull();
        List<String> pushed = new ArrayList<>();
        for (JsonNode body : gateway.flushBodies) {
            body.get("operations").forEach(op -> pushed.add(op.get("syncId").asText()));
        }
        assertThat(pushed).hasSize(3).doesNotContain(migrated.toString(), passport.toString());
        assertThat(gateway.documents()).hasSize(5);
        LocalDocument home = client.document(migrated).orElseThrow();
        assertThat(home.version()).as("the server's state read back").isEqualTo(3);
        // The legacy copy of policy.pdf has the server's checksum: kept, not downloaded again.
        assertThat(client.attachmentFile(migrated, "policy.pdf")).isPresent();
        assertThat(client.status().downloadsWaiting()).isZero();
        assertThat(client.queue()).isEmpty();
        assertThat(client.documents()).hasSize(5).extracting(LocalDocument::syncId).doesNotHaveDuplicates();
    }

    private static void row(Connection db, long id, String legacyId, String title, String category, String createdAt,
            String fields, int deleted) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO documents(id, legacy_id, title, category, "
                + "created_at, fields_json, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, legacyId);
            ps.setString(3, title);
            ps.setString(4, category);
            ps.setString(5, createdAt);
            ps.setString(6, fields);
            ps.setInt(7, deleted);
            ps.executeUpdate();
        }
    }

    private static void attachment(Connection db, long id, long documentId, String fileName, String path)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO file_attachments(id, document_id, file_name, "
                + "local_path) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, documentId);
            ps.setString(3, fileName);
            ps.setString(4, path);
            ps.executeUpdate();
        }
    }

    private static ObjectNode server(SyncId syncId, String title, String category, long version, String legacyId,
            byte[] attachment) {
        ObjectNode doc = EventJson.mapper().createObjectNode();
        doc.put("syncId", syncId.toString()).put("version", version).put("title", title).put("category", category)
                .put("deleted", false).put("createdAt", "2020-01-02T03:04:05Z").put("legacyId", legacyId);
        doc.putObject("fields");
        var attachments = doc.putArray("attachments");
        if (attachment != null) {
            attachments.addObject().put("fileName", "policy.pdf").put("contentType", "application/pdf")
                    .put("size", attachment.length).put("checksum", sha256(attachment));
        }
        return doc;
    }

    private static Map<String, Object> candidate(SyncId syncId, int score) {
        return Map.of("syncId", syncId.toString(), "title", "t", "category", "c", "score", score);
    }

    private static String sha256(byte[] bytes) {
        try {
            return AttachmentChecksum.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
