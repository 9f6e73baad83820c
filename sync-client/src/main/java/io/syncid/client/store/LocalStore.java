package io.syncid.client.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.syncid.client.LocalDocument;
import io.syncid.client.LocalTombstone;
import io.syncid.client.SettledOperation;
import io.syncid.client.queue.QueueState;
import io.syncid.client.queue.QueuedOperation;
import io.syncid.model.Attachment;
import io.syncid.model.ContentHash;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventJson;
import io.syncid.model.IsoInstant;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;

/**
 * The device's SQLite database (xerial sqlite-jdbc): one connection, WAL journal, foreign keys on. Not thread-safe:
 * the {@link io.syncid.client.SyncClient} that owns it serializes every call. Every method runs in the transaction of
 * the enclosing {@link #transaction}, or in its own.
 */
public final class LocalStore implements AutoCloseable {

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final Connection db;
    private final ObjectMapper json = EventJson.mapper();
    private int depth;

    private LocalStore(Connection db) {
        this.db = db;
    }

    /** Opens (and creates or upgrades) the database at {@code file}. */
    public static LocalStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // WAL with NORMAL keeps every commit atomic and durable across an app crash at a fraction of the fsyncs.
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            LocalStore store = new LocalStore(db);
            store.migrate();
            return store;
        } catch (SQLException | IOException e) {
            throw new LocalStoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private void migrate() throws SQLException {
        try (Statement s = db.createStatement()) {
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > Schema.VERSION) {
                throw new SQLException("the database has schema " + version + ", newer than this client's "
                        + Schema.VERSION);
            }
            db.setAutoCommit(false);
            for (String ddl : Schema.DDL) {
                s.execute(ddl);
            }
            s.execute("PRAGMA user_version=" + Schema.VERSION);
            db.commit();
        }
    }

    /** A unit of work on the database. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one transaction (nested calls join the outer one). */
    public <T> T transaction(Work<T> work) {
        boolean outer = depth == 0;
        depth++;
        try {
            T result = work.run();
            if (outer) {
                db.commit();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            if (outer) {
                rollbackQuietly();
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new LocalStoreException(e.getMessage(), e);
        } finally {
            depth--;
        }
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException e) {
            // the original failure is the one to report
        }
    }

    // ---- sync_state

    public Optional<String> state(String key) {
        return transaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("SELECT value FROM sync_state WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public void putState(String key, String value) {
        transaction(() -> {
            if (value == null) {
                return update("DELETE FROM sync_state WHERE key = ?", key);
            }
            return update("INSERT INTO sync_state(key, value) VALUES (?, ?) "
                    + "ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
        });
    }

    // ---- documents

    public Optional<LocalDocument> document(SyncId syncId) {
        return transaction(() -> {
            List<LocalDocument> found = documents("WHERE sync_id = ?", syncId.toString());
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    public List<LocalDocument> documents() {
        return transaction(() -> documents("ORDER BY local_id"));
    }

    private List<LocalDocument> documents(String where, Object... args) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT local_id, sync_id, user_id, title, category, fields, "
                + "created_at, last_modified, version, content_hash, conflict_of, legacy_id FROM documents " + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[]{rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9),
                            rs.getString(10), rs.getString(11), rs.getString(12)});
                }
            }
        }
        List<LocalDocument> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            SyncId syncId = SyncId.parse((String) r[1]);
            List<Attachment> attachments = attachments(syncId).stream().map(AttachmentFile::attachment).toList();
            out.add(new LocalDocument((Long) r[0], syncId, (String) r[2], (String) r[3], (String) r[4],
                    readFields((String) r[5]), attachments, instant((String) r[6]), instant((String) r[7]),
                    (Long) r[8], (String) r[9], r[10] == null ? null : SyncId.parse((String) r[10]),
                    (String) r[11]));
        }
        return out;
    }

    /**
     * Writes a document's row: inserted when new (a fresh local id), otherwise its content and bookkeeping replaced.
     * The content hash is computed here, from the content, so it never disagrees with it.
     */
    public void saveDocument(SyncId syncId, String userId, DocumentContent content, Instant createdAt,
            Instant lastModified, long version, SyncId conflictOf, String legacyId) {
        transaction(() -> update("""
                INSERT INTO documents(sync_id, user_id, title, category, fields, created_at, last_modified, version,
                                      content_hash, conflict_of, legacy_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(sync_id) DO UPDATE SET title = excluded.title, category = excluded.category,
                  fields = excluded.fields, created_at = excluded.created_at, last_modified = excluded.last_modified,
                  version = excluded.version, content_hash = excluded.content_hash,
                  conflict_of = excluded.conflict_of, legacy_id = excluded.legacy_id""",
                syncId.toString(), userId, content.title(), content.category(), writeJson(content.fields()),
                text(createdAt), text(lastModified), version, ContentHash.of(content),
                conflictOf == null ? null : conflictOf.toString(), legacyId));
    }

    /** Raises the server version a document's content is based on (never lowers it). */
    public void raiseVersion(SyncId syncId, long version) {
        transaction(() -> update("UPDATE documents SET version = max(version, ?) WHERE sync_id = ?", version,
                syncId.toString()));
    }

    /** Removes a document and (by cascade) its attachment rows. */
    public boolean deleteDocument(SyncId syncId) {
        return transaction(() -> update("DELETE FROM documents WHERE sync_id = ?", syncId.toString()) > 0);
    }

    // ---- document_tombstones

    public Optional<LocalTombstone> tombstone(SyncId syncId) {
        return transaction(() -> {
            List<LocalTombstone> found = tombstones("WHERE sync_id = ?", syncId.toString());
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    public List<LocalTombstone> tombstones() {
        return transaction(() -> tombstones("ORDER BY sync_id"));
    }

    private List<LocalTombstone> tombstones(String where, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT sync_id, user_id, deleted_at, deleted_by, reason FROM document_tombstones " + where)) {
            bind(ps, args);
            List<LocalTombstone> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LocalTombstone(SyncId.parse(rs.getString(1)), rs.getString(2),
                            instant(rs.getString(3)), rs.getString(4), rs.getString(5)));
                }
            }
            return out;
        }
    }

    public void saveTombstone(LocalTombstone t) {
        transaction(() -> update("""
                INSERT INTO document_tombstones(sync_id, user_id, deleted_at, deleted_by, reason) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(sync_id) DO UPDATE SET deleted_at = excluded.deleted_at, deleted_by = excluded.deleted_by,
                  reason = excluded.reason""",
                t.syncId().toString(), t.userId(), text(t.deletedAt()), t.deletedBy(), t.reason()));
    }

    public void deleteTombstone(SyncId syncId) {
        transaction(() -> update("DELETE FROM document_tombstones WHERE sync_id = ?", syncId.toString()));
    }

    // ---- file_attachments

    public List<AttachmentFile> attachments(SyncId syncId) {
        return transaction(() -> attachmentRows("WHERE document_sync_id = ? ORDER BY position", syncId.toString()));
    }

    /** Attachments waiting for {@code transfer}, oldest document first. */
    public List<AttachmentFile> attachmentsAwaiting(AttachmentFile.Transfer transfer) {
        return transaction(() -> attachmentRows("WHERE transfer = ? ORDER BY id", transfer.name()));
    }

    private List<AttachmentFile> attachmentRows(String where, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT document_sync_id, position, file_name, content_type, "
                + "size, checksum, label, local_path, transfer FROM file_attachments " + where)) {
            bind(ps, args);
            List<AttachmentFile> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long size = rs.getLong(5);
                    Long sizeOrNull = rs.wasNull() ? null : size;
                    out.add(new AttachmentFile(SyncId.parse(rs.getString(1)), rs.getInt(2),
                            new Attachment(rs.getString(3), rs.getString(4), sizeOrNull, rs.getString(6),
                                    rs.getString(7), null),
                            rs.getString(8), AttachmentFile.Transfer.valueOf(rs.getString(9))));
                }
            }
            return out;
        }
    }

    /**
     * Replaces a document's attachment rows with {@code files} (in order). The document row must exist (foreign key).
     */
    public void replaceAttachments(SyncId syncId, List<AttachmentFile> files) {
        transaction(() -> {
            update("DELETE FROM file_attachments WHERE document_sync_id = ?", syncId.toString());
            int position = 0;
            for (AttachmentFile f : files) {
                Attachment a = f.attachment();
                update("""
                        INSERT INTO file_attachments(document_sync_id, position, file_name, content_type, size,
                                                     checksum, label, local_path, transfer)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", syncId.toString(), position++, a.fileName(),
                        a.contentType(), a.size(), a.checksum(), a.label(), f.localPath(), f.transfer().name());
            }
            return null;
        });
    }

    public void markTransferred(SyncId syncId, String fileName, String localPath) {
        transaction(() -> update("UPDATE file_attachments SET transfer = 'DONE', local_path = ? "
                + "WHERE document_sync_id = ? AND file_name = ?", localPath, syncId.toString(), fileName));
    }

    // ---- sync_queue

    /** The document's newest queue entry. */
    public Optional<QueuedOperation> lastQueued(SyncId syncId) {
        return transaction(() -> {
            List<QueuedOperation> found = queue("WHERE sync_id = ? ORDER BY seq DESC LIMIT 1", syncId.toString());
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    /** Every entry in {@code state}, in queue order; at most {@code limit}. */
    public List<QueuedOperation> queued(QueueState state, int limit) {
        return transaction(() -> queue("WHERE state = ? ORDER BY seq LIMIT ?", state.name(), limit));
    }

    /** The whole queue, in order. */
    public List<QueuedOperation> queue() {
        return transaction(() -> queue("ORDER BY seq"));
    }

    public boolean hasQueued(SyncId syncId) {
        return transaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("SELECT 1 FROM sync_queue WHERE sync_id = ? LIMIT 1")) {
                ps.setString(1, syncId.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Entries per state. */
    public Map<QueueState, Integer> queueCounts() {
        return transaction(() -> {
            Map<QueueState, Integer> counts = new LinkedHashMap<>();
            for (QueueState s : QueueState.values()) {
                counts.put(s, 0);
            }
            try (PreparedStatement ps = db.prepareStatement("SELECT state, count(*) FROM sync_queue GROUP BY state");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(QueueState.valueOf(rs.getString(1)), rs.getInt(2));
                }
            }
            return counts;
        });
    }

    private List<QueuedOperation> queue(String where, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT seq, op_id, sync_id, type, base_version, occurred_at, "
                + "document, reason, state FROM sync_queue " + where)) {
            bind(ps, args);
            List<QueuedOperation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new QueuedOperation(rs.getLong(1), rs.getString(2), SyncId.parse(rs.getString(3)),
                            OperationType.valueOf(rs.getString(4)), rs.getLong(5), Instant.parse(rs.getString(6)),
                            readContent(rs.getString(7)), rs.getString(8), QueueState.valueOf(rs.getString(9))));
                }
            }
            return out;
        }
    }

    /** Appends an entry; returns it with its {@code seq}. */
    public QueuedOperation append(QueuedOperation op) {
        return transaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("""
                    INSERT INTO sync_queue(op_id, sync_id, type, base_version, occurred_at, document, reason, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                bind(ps, op.opId(), op.syncId().toString(), op.type().name(), op.baseVersion(),
                        IsoInstant.format(op.occurredAt()), writeContent(op.document()), op.reason(),
                        op.state().name());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new QueuedOperation(keys.getLong(1), op.opId(), op.syncId(), op.type(), op.baseVersion(),
                            op.occurredAt(), op.document(), op.reason(), op.state());
                }
            }
        });
    }

    /** Replaces an unsent entry (local folding); refuses one that was sent already. */
    public void replaceUnsent(QueuedOperation op) {
        transaction(() -> {
            int changed = update("""
                    UPDATE sync_queue SET type = ?, base_version = ?, occurred_at = ?, document = ?, reason = ?
                    WHERE seq = ? AND op_id = ? AND state = 'QUEUED'""", op.type().name(), op.baseVersion(),
                    IsoInstant.format(op.occurredAt()), writeContent(op.document()), op.reason(), op.seq(),
                    op.opId());
            if (changed != 1) {
                throw new IllegalStateException("queue entry " + op.opId() + " was sent already: it cannot change");
            }
            return null;
        });
    }

    /** Moves entries to {@code state} (counting a send attempt when they go SENDING). */
    public void setState(List<QueuedOperation> ops, QueueState state) {
        transaction(() -> {
            for (QueuedOperation op : ops) {
                update("UPDATE sync_queue SET state = ?, attempts = attempts + ? WHERE op_id = ?", state.name(),
                        state == QueueState.SENDING ? 1 : 0, op.opId());
            }
            return null;
        });
    }

    /** Removes a settled entry from the queue and records its outcome. */
    public void settle(QueuedOperation op, Outcome outcome, Long version, SyncId conflictCopy, String errorCode,
            Instant at) {
        transaction(() -> {
            update("DELETE FROM sync_queue WHERE op_id = ?", op.opId());
            return update("""
                    INSERT INTO sync_outcomes(op_id, sync_id, type, base_version, document, outcome, version,
                                              conflict_copy, error_code, settled_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(op_id) DO NOTHING""", op.opId(),
                    op.syncId().toString(), op.type().name(), op.baseVersion(), writeContent(op.document()),
                    outcome.name(), version, conflictCopy == null ? null : conflictCopy.toString(), errorCode,
                    IsoInstant.format(at));
        });
    }

    /** Drops the unsent entries of a document (it was re-keyed); sent ones stay and settle. */
    public void dropUnsent(SyncId syncId) {
        transaction(() -> update("DELETE FROM sync_queue WHERE sync_id = ? AND state = 'QUEUED'", syncId.toString()));
    }

    // ---- sync_outcomes

    public List<SettledOperation> settled() {
        return transaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("SELECT op_id, sync_id, type, base_version, document, "
                    + "outcome, version, conflict_copy, error_code, settled_at FROM sync_outcomes ORDER BY settled_at");
                    ResultSet rs = ps.executeQuery()) {
                List<SettledOperation> out = new ArrayList<>();
                while (rs.next()) {
                    long version = rs.getLong(7);
                    Long versionOrNull = rs.wasNull() ? null : version;
                    String copy = rs.getString(8);
                    out.add(new SettledOperation(rs.getString(1), SyncId.parse(rs.getString(2)),
                            OperationType.valueOf(rs.getString(3)), rs.getLong(4), readContent(rs.getString(5)),
                            Outcome.valueOf(rs.getString(6)), versionOrNull, copy == null ? null : SyncId.parse(copy),
                            rs.getString(9), Instant.parse(rs.getString(10))));
                }
                return out;
            }
        });
    }

    // ---- sync_refresh

    public void markForRefresh(SyncId syncId) {
        transaction(() -> update("INSERT INTO sync_refresh(sync_id) VALUES (?) ON CONFLICT(sync_id) DO NOTHING",
                syncId.toString()));
    }

    /** The documents marked for a read from the server whose queue entries have all settled. */
    public List<SyncId> refreshable() {
        return transaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("SELECT r.sync_id FROM sync_refresh r WHERE NOT EXISTS "
                    + "(SELECT 1 FROM sync_queue q WHERE q.sync_id = r.sync_id) ORDER BY r.sync_id");
                    ResultSet rs = ps.executeQuery()) {
                List<SyncId> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(SyncId.parse(rs.getString(1)));
                }
                return out;
            }
        });
    }

    public int refreshCount() {
        return transaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("SELECT count(*) FROM sync_refresh");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    public void refreshed(SyncId syncId) {
        transaction(() -> update("DELETE FROM sync_refresh WHERE sync_id = ?", syncId.toString()));
    }

    // ---- legacy_migrations

    /** How a row of a legacy local database was migrated. */
    public enum LegacyMigration {
        /** Its legacy id led to the syncId the cloud migration gave it. */
        LEGACY_ID,
        /** It adopted the syncId of the user's document with the same content. */
        MATCH,
        /** It was never synced: a new syncId, created on the server by a queued CREATE. */
        NEW,
        /** Deleted in the old app: nothing migrated. */
        DELETED
    }

    /** How the legacy row with this local id was migrated, if it was. */
    public Optional<LegacyMigration> legacyMigration(long legacyLocalId) {
        return transaction(() -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT how FROM legacy_migrations WHERE legacy_local_id = ?")) {
                ps.setLong(1, legacyLocalId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(LegacyMigration.valueOf(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    /** Whether a legacy row was already migrated to this syncId. */
    public boolean legacyClaimed(SyncId syncId) {
        return transaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("SELECT 1 FROM legacy_migrations WHERE sync_id = ?")) {
                ps.setString(1, syncId.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Records that the legacy row was migrated (to {@code syncId}, null for a deleted one); fails if it was before. */
    public void recordLegacyMigration(long legacyLocalId, SyncId syncId, LegacyMigration how, Instant at) {
        transaction(() -> update("INSERT INTO legacy_migrations(legacy_local_id, sync_id, how, migrated_at) "
                + "VALUES (?, ?, ?, ?)", legacyLocalId, syncId == null ? null : syncId.toString(), how.name(),
                IsoInstant.format(at)));
    }

    // ---- helpers

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, a.toString());
            }
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : IsoInstant.format(instant);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + e.getOriginalMessage(), e);
        }
    }

    private Map<String, Object> readFields(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, FIELDS);
        } catch (JsonProcessingException e) {
            throw new LocalStoreException("fields are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String writeContent(DocumentContent content) {
        return content == null ? null : writeJson(content);
    }

    private DocumentContent readContent(String text) {
        try {
            return text == null ? null : json.readValue(text, DocumentContent.class);
        } catch (JsonProcessingException e) {
            throw new LocalStoreException("queued document is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new LocalStoreException("cannot close the database: " + e.getMessage(), e);
        }
    }
}
