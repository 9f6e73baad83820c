-- How many items of each run are in each status, kept by triggers on items, so that a run's status, its progress log
-- line and the alert gauges add up a few rows instead of counting the run's items (that count grows with the run:
-- 25 ms at 50 000 items, seconds at millions, and the status is read every 100 documents and on every scrape).
-- One row per (run, status, deleted flag, backend): the backend is the PostgreSQL process of the transaction, so two
-- concurrent transactions never update the same row (no lock waits, no deadlocks between workers); readers sum.
CREATE TABLE item_counts (
    run_id         uuid         NOT NULL,
    status         varchar(32)  NOT NULL,
    legacy_deleted boolean      NOT NULL,
    backend        integer      NOT NULL,
    n              bigint       NOT NULL,
    PRIMARY KEY (run_id, status, legacy_deleted, backend)
);

-- The rows a statement inserted, updated or deleted, as differences per key, in one upsert per statement (a
-- statement-level trigger over its transition tables: a poll's hundred rows cost one small write, not a hundred).
-- Qualified: a trigger runs with the search_path of the statement that fired it.
CREATE FUNCTION item_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO migration.item_counts AS c (run_id, status, legacy_deleted, backend, n)
        SELECT run_id, status, legacy_deleted, pg_backend_pid(), count(*) FROM new_rows
        GROUP BY run_id, status, legacy_deleted ORDER BY 1, 2, 3
        ON CONFLICT (run_id, status, legacy_deleted, backend) DO UPDATE SET n = c.n + excluded.n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO migration.item_counts AS c (run_id, status, legacy_deleted, backend, n)
        SELECT run_id, status, legacy_deleted, pg_backend_pid(), sum(d) FROM (
            SELECT run_id, status, legacy_deleted, 1 AS d FROM new_rows
            UNION ALL
            SELECT run_id, status, legacy_deleted, -1 AS d FROM old_rows) changed
        GROUP BY run_id, status, legacy_deleted HAVING sum(d) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (run_id, status, legacy_deleted, backend) DO UPDATE SET n = c.n + excluded.n;
    ELSE
        INSERT INTO migration.item_counts AS c (run_id, status, legacy_deleted, backend, n)
        SELECT run_id, status, legacy_deleted, pg_backend_pid(), -count(*) FROM old_rows
        GROUP BY run_id, status, legacy_deleted ORDER BY 1, 2, 3
        ON CONFLICT (run_id, status, legacy_deleted, backend) DO UPDATE SET n = c.n + excluded.n;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER items_counted_insert AFTER INSERT ON items REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION item_counts_apply();
CREATE TRIGGER items_counted_update AFTER UPDATE ON items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION item_counts_apply();
CREATE TRIGGER items_counted_delete AFTER DELETE ON items REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION item_counts_apply();

-- The items written before this migration (the triggers hold items' lock from here to the commit: none is missed).
INSERT INTO item_counts (run_id, status, legacy_deleted, backend, n)
SELECT run_id, status, legacy_deleted, 0, count(*) FROM items GROUP BY run_id, status, legacy_deleted;
