-- The tombstone registry of SPEC §8 and the bookkeeping of purges, orphan sweeps and data-deletion requests.
-- Flyway runs this in the schema "tombstones" (quarkus.flyway.schemas), so other services sharing the database
-- (the migration-worker) never see or touch these tables.

-- One row per deleted syncId, fed from DELETED results; removed by the retention purge.
CREATE TABLE document_tombstones (
    sync_id                varchar(36)  PRIMARY KEY,
    user_id                varchar(255) NOT NULL,
    deleted_at             timestamptz  NOT NULL,
    deleted_by             varchar(255),
    reason                 varchar(255),
    recorded_at            timestamptz  NOT NULL,
    -- Null until every S3 object under {userId}/{syncId}/ is gone; the cleanup pass retries until then.
    attachments_cleaned_at timestamptz
);
-- The purge takes the oldest first.
CREATE INDEX document_tombstones_deleted_at ON document_tombstones (deleted_at);
-- Per-user questions (data-deletion progress, operator look-ups).
CREATE INDEX document_tombstones_user ON document_tombstones (user_id, deleted_at);
-- The cleanup pass reads only what is left to clean.
CREATE INDEX document_tombstones_uncleaned ON document_tombstones (recorded_at) WHERE attachments_cleaned_at IS NULL;

-- Data-deletion requests: an audit record that is kept after completion.
CREATE TABLE deletion_requests (
    id           uuid         PRIMARY KEY,
    user_id      varchar(255) NOT NULL,
    requested_by varchar(255) NOT NULL,
    requested_at timestamptz  NOT NULL,
    status       varchar(16)  NOT NULL,
    documents    integer      NOT NULL DEFAULT 0,
    completed_at timestamptz
);
-- At most one open request per user: asking again while one is open is the same request.
CREATE UNIQUE INDEX deletion_requests_one_open ON deletion_requests (user_id) WHERE status = 'OPEN';

-- The documents a request published a DELETE for; done when the syncId's tombstone is in the registry.
CREATE TABLE deletion_request_documents (
    request_id   uuid         NOT NULL REFERENCES deletion_requests (id),
    sync_id      varchar(36)  NOT NULL,
    published_at timestamptz  NOT NULL,
    PRIMARY KEY (request_id, sync_id)
);

-- One row per purge run, for the operator API's "last purge".
CREATE TABLE purge_runs (
    id          bigserial    PRIMARY KEY,
    started_at  timestamptz  NOT NULL,
    finished_at timestamptz,
    outcome     varchar(16)  NOT NULL,
    horizon     timestamptz  NOT NULL,
    purged      integer      NOT NULL DEFAULT 0,
    skipped     integer      NOT NULL DEFAULT 0,
    error       varchar(1000)
);

-- One row per orphan sweep, for the operator API's sweep report.
CREATE TABLE orphan_sweeps (
    id          bigserial    PRIMARY KEY,
    started_at  timestamptz  NOT NULL,
    finished_at timestamptz,
    outcome     varchar(16)  NOT NULL,
    scanned     integer      NOT NULL DEFAULT 0,
    orphans     integer      NOT NULL DEFAULT 0,
    deleted     integer      NOT NULL DEFAULT 0,
    error       varchar(1000)
);
