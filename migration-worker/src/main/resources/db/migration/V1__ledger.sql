-- The migration ledger (SPEC §9): written before anything else for an item, so retries and concurrent workers reuse
-- each decision and no syncId is ever assigned twice.

CREATE TABLE runs (
    run_id          uuid PRIMARY KEY,
    status          varchar(32)  NOT NULL,
    total           integer      NOT NULL,
    live_total      integer      NOT NULL,
    started_at      timestamptz  NOT NULL,
    rolled_back_at  timestamptz
);

-- One row per syncId ever assigned: the primary key makes a syncId unique forever (a released one is never reused);
-- the partial index makes the mapping legacyId -> syncId unique among the mappings in force (released by rollback).
CREATE TABLE assignments (
    sync_id         varchar(36)   PRIMARY KEY,
    legacy_id       varchar(256)  NOT NULL,
    user_id         varchar(256)  NOT NULL,
    run_id          uuid          NOT NULL REFERENCES runs (run_id),
    decision        varchar(32)   NOT NULL,
    reason          varchar(1000) NOT NULL,
    assigned_at     timestamptz   NOT NULL,
    released_at     timestamptz,
    release_reason  varchar(1000)
);
CREATE UNIQUE INDEX assignments_legacy_id_in_force ON assignments (legacy_id) WHERE released_at IS NULL;

-- The state of one legacy document in one run.
CREATE TABLE items (
    id               bigserial     PRIMARY KEY,
    run_id           uuid          NOT NULL REFERENCES runs (run_id),
    legacy_id        varchar(256)  NOT NULL,
    sync_id          varchar(36),
    user_id          varchar(256),
    op_id            uuid,
    attempt          integer       NOT NULL,
    legacy_deleted   boolean       NOT NULL,
    status           varchar(32)   NOT NULL,
    reason           varchar(2000),
    missing_objects  varchar(4000),
    imported_version bigint,
    updated_at       timestamptz   NOT NULL,
    CONSTRAINT items_run_legacy UNIQUE (run_id, legacy_id)
);
CREATE UNIQUE INDEX items_op_id ON items (op_id);
CREATE INDEX items_run_status ON items (run_id, status);

-- Every attachment copied (or found missing) for an item, with what was verified.
CREATE TABLE attachment_copies (
    id          bigserial     PRIMARY KEY,
    run_id      uuid          NOT NULL,
    legacy_id   varchar(256)  NOT NULL,
    file_name   varchar(255)  NOT NULL,
    source_key  varchar(1024) NOT NULL,
    target_key  varchar(1024),
    size        bigint,
    sha256      varchar(64),
    status      varchar(16)   NOT NULL,
    copied_at   timestamptz   NOT NULL,
    CONSTRAINT attachment_copies_file UNIQUE (run_id, legacy_id, file_name)
);

-- Shared legacy syncIds and content duplicates detected when a run started.
CREATE TABLE duplicates (
    id          bigserial     PRIMARY KEY,
    run_id      uuid          NOT NULL REFERENCES runs (run_id),
    kind        varchar(32)   NOT NULL,
    dup_key     varchar(1000) NOT NULL,
    legacy_ids  varchar(4000) NOT NULL,
    CONSTRAINT duplicates_key UNIQUE (run_id, kind, dup_key)
);
