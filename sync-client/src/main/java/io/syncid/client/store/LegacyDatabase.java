package io.syncid.client.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sqlite.SQLiteConfig;

/** Reads a legacy local database ({@link LegacySchema}) read-only: the old app's documents and attachment files. */
public final class LegacyDatabase {

    private LegacyDatabase() {
    }

    /** One row of the legacy {@code documents}, as stored (parsed by the migration, which reports what it cannot). */
    public record Row(long id, String legacyId, String title, String category, String createdAt, String fieldsJson,
            boolean deleted, List<File> attachments) {

        public Row {
            attachments = List.copyOf(attachments);
        }
    }

    /** One legacy attachment: its name and where its bytes are on the device (null when the old app had none). */
    public record File(String fileName, Path localPath) {
    }

    /** Every document of the legacy database at {@code file}, oldest local id first, with its attachments. */
    public static List<Row> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LocalStoreException("no legacy database at " + file, null);
        }
        Path folder = file.toAbsolutePath().getParent();
        SQLiteConfig config = new SQLiteConfig();
        // The old app's file is evidence: the migration never changes it.
        config.setReadOnly(true);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(),
                config.toProperties());
                Statement s = db.createStatement()) {
            Map<Long, List<File>> files = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery(LegacySchema.SELECT_ATTACHMENTS)) {
                while (rs.next()) {
                    String path = rs.getString(3);
                    files.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                            .add(new File(rs.getString(2), path == null ? null : folder.resolve(path)));
                }
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(LegacySchema.SELECT_DOCUMENTS)) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    rows.add(new Row(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getInt(7) != 0, files.getOrDefault(id, List.of())));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new LocalStoreException("cannot read the legacy database " + file + ": " + e.getMessage(), e);
        }
    }
}
