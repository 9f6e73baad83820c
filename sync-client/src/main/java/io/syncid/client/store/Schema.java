package io.syncid.client.store;

import java.util.List;

/**
 * The device schema of the rollout (issue #13), version {@value #VERSION} in SQLite's {@code user_version}:
 * {@code documents} keyed by a local integer id with a unique {@code sync_id}, {@code document_tombstones} as the
 * platform keeps them (SPEC §8), {@code file_attachments} keyed by the document's syncId, and the offline
 * {@code sync_queue}; plus the client's bookkeeping (settled outcomes, documents to read again, cursor and identity).
 * Version 2 adds {@code legacy_migrations}: which rows of a legacy local database ({@link LegacySchema}) were migrated,
 * to which syncId and how, so a second migration adopts nothing twice (its tables are created if missing, so a version 1
 * database is upgraded in place).
 */
final class Schema {

    static final int VERSION = 2;

    static final List<String> DDL = List.of("""
            CREATE TABLE IF NOT EXISTS documents (
              local_id      INTEGER PRIMARY KEY AUTOINCREMENT,
              sync_id       TEXT NOT NULL,
              user_id       TEXT NOT NULL,
              title         TEXT NOT NULL,
              category      TEXT NOT NULL,
              fields        TEXT NOT NULL DEFAULT '{}',
              created_at    TEXT,
              last_modified TEXT,
              version       INTEGER NOT NULL DEFAULT 0,
              content_hash  TEXT,
              conflict_of   TEXT,
              legacy_id     TEXT)""",
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_sync_id ON documents(sync_id)",
            """
                    CREATE TABLE IF NOT EXISTS document_tombstones (
                      sync_id    TEXT PRIMARY KEY,
                      user_id    TEXT NOT NULL,
                      deleted_at TEXT,
                      deleted_by TEXT,
                      reason     TEXT)""",
            """
                    CREATE TABLE IF NOT EXISTS file_attachments (
                      id               INTEGER PRIMARY KEY AUTOINCREMENT,
                      document_sync_id TEXT NOT NULL
                                       REFERENCES documents(sync_id) ON DELETE CASCADE ON UPDATE CASCADE,
                      position         INTEGER NOT NULL,
                      file_name        TEXT NOT NULL,
                      content_type     TEXT,
                      size             INTEGER,
                      checksum         TEXT,
                      label            TEXT,
                      local_path       TEXT,
                      transfer         TEXT NOT NULL CHECK (transfer IN ('UPLOAD', 'DOWNLOAD', 'DONE')),
                      UNIQUE (document_sync_id, file_name))""",
            """
                    CREATE TABLE IF NOT EXISTS sync_queue (
                      seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                      op_id        TEXT NOT NULL UNIQUE,
                      sync_id      TEXT NOT NULL,
                      type         TEXT NOT NULL CHECK (type IN ('CREATE', 'UPDATE', 'DELETE')),
                      base_version INTEGER NOT NULL,
                      occurred_at  TEXT NOT NULL,
                      document     TEXT,
                      reason       TEXT,
                      state        TEXT NOT NULL CHECK (state IN ('QUEUED', 'SENDING', 'ACCEPTED')),
                      attempts     INTEGER NOT NULL DEFAULT 0)""",
            "CREATE INDEX IF NOT EXISTS ix_sync_queue_sync_id ON sync_queue(sync_id, seq)",
            """
                    CREATE TABLE IF NOT EXISTS sync_outcomes (
                      op_id         TEXT PRIMARY KEY,
                      sync_id       TEXT NOT NULL,
                      type          TEXT NOT NULL,
                      base_version  INTEGER NOT NULL,
                      document      TEXT,
                      outcome       TEXT NOT NULL,
                      version       INTEGER,
                      conflict_copy TEXT,
                      error_code    TEXT,
                      settled_at    TEXT NOT NULL)""",
            "CREATE TABLE IF NOT EXISTS sync_refresh (sync_id TEXT PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
                    CREATE TABLE IF NOT EXISTS legacy_migrations (
                      legacy_local_id INTEGER PRIMARY KEY,
                      sync_id         TEXT,
                      how             TEXT NOT NULL CHECK (how IN ('LEGACY_ID', 'MATCH', 'NEW', 'DELETED')),
                      migrated_at     TEXT NOT NULL)""",
            // One syncId is adopted by at most one legacy row: a second row with the same content becomes a new document.
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_legacy_migrations_sync_id ON legacy_migrations(sync_id) "
                    + "WHERE sync_id IS NOT NULL");

    private Schema() {
    }
}
