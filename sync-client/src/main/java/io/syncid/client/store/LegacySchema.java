package io.syncid.client.store;

import java.util.List;

/**
 * The local database the old app left on a device (issue #13, "migrating a legacy local database"): documents keyed by
 * a local integer id, the synced ones also holding the old cloud id, and their attachment files on the device.
 *
 * <pre>
 * documents(
 *   id          INTEGER PRIMARY KEY,  -- the local id of the old scheme
 *   legacy_id   TEXT NULL,            -- the old cloud id (LegacyDocument.id, SPEC §9) when it was ever synced
 *   title       TEXT NOT NULL,
 *   category    TEXT NULL,
 *   created_at  TEXT NULL,            -- an ISO-8601 instant, or integer epoch milliseconds
 *   fields_json TEXT NULL,            -- a JSON object (renewalDate, notes, ...); null or empty is {}
 *   deleted     INTEGER NOT NULL DEFAULT 0)
 * file_attachments(
 *   id          INTEGER PRIMARY KEY,
 *   document_id INTEGER NOT NULL REFERENCES documents(id),
 *   file_name   TEXT NOT NULL,
 *   local_path  TEXT NULL)            -- the bytes on the device; relative paths are relative to the database's folder
 * </pre>
 *
 * {@link io.syncid.client.SyncClient#migrateLocal} reads it and never writes it; which rows were migrated is kept in
 * the client's own {@code legacy_migrations} table ({@link Schema}).
 */
public final class LegacySchema {

    /** The tables as the old app created them; used by tests and tools that generate a legacy database. */
    public static final List<String> DDL = List.of("""
            CREATE TABLE IF NOT EXISTS documents (
              id          INTEGER PRIMARY KEY,
              legacy_id   TEXT,
              title       TEXT NOT NULL,
              category    TEXT,
              created_at  TEXT,
              fields_json TEXT,
              deleted     INTEGER NOT NULL DEFAULT 0)""", """
            CREATE TABLE IF NOT EXISTS file_attachments (
              id          INTEGER PRIMARY KEY,
              document_id INTEGER NOT NULL REFERENCES documents(id),
              file_name   TEXT NOT NULL,
              local_path  TEXT)""");

    /** Every document row, oldest local id first. */
    static final String SELECT_DOCUMENTS = "SELECT id, legacy_id, title, category, created_at, fields_json, deleted "
            + "FROM documents ORDER BY id";

    /** Every attachment row, by document and then by id (the order of the document's list). */
    static final String SELECT_ATTACHMENTS = "SELECT document_id, file_name, local_path FROM file_attachments "
            + "ORDER BY document_id, id";

    private LegacySchema() {
    }
}
