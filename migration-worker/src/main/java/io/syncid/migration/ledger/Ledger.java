package io.syncid.migration.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.syncid.model.SyncId;

/**
 * The PostgreSQL ledger of the migration (schema {@code migration}): runs, the legacyId → syncId assignments (unique
 * both ways by constraint, written with {@code INSERT … ON CONFLICT} so concurrent workers and retries reuse them),
 * items and attachment copies. Each method is one transaction.
 */
@ApplicationScoped
public class Ledger {

    private final EntityManager em;
    private final Clock clock;

    Ledger(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Records a new run and the duplicates its scan found. */
    @Transactional
    public void createRun(UUID runId, int total, int liveTotal, Map<String, Map<String, List<String>>> duplicates) {
        RunEntity run = new RunEntity();
        run.runId = runId;
        run.status = RunEntity.RUNNING;
        run.total = total;
        run.liveTotal = liveTotal;
        run.startedAt = clock.instant();
        run.persist();
        duplicates.forEach((kind, groups) -> groups.forEach((key, ids) -> {
            DuplicateEntity d = new DuplicateEntity();
            d.runId = runId;
            d.kind = kind;
            d.dupKey = truncate(key, 1000);
            d.legacyIds = truncate(String.join(",", ids), 4000);
            d.persist();
        }));
    }

    @Transactional
    public Optional<RunEntity> run(UUID runId) {
        return Optional.ofNullable(em.find(RunEntity.class, runId)).map(this::detached);
    }

    /** The most recently started run that is not rolled back. */
    @Transactional
    public Optional<RunEntity> currentRun() {
        return em.createQuery("from RunEntity where status = :s order by startedAt desc", RunEntity.class)
                .setParameter("s", RunEntity.RUNNING)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(this::detached);
    }

    @Transactional
    public Optional<ItemEntity> item(UUID runId, String legacyId) {
        return em.createQuery("from ItemEntity where runId = :r and legacyId = :l", ItemEntity.class)
                .setParameter("r", runId)
                .setParameter("l", legacyId)
                .getResultStream()
                .findFirst()
                .map(this::detached);
    }

    @Transactional
    public List<ItemEntity> items(UUID runId) {
        List<ItemEntity> items = em
                .createQuery("from ItemEntity where runId = :r order by legacyId", ItemEntity.class)
                .setParameter("r", runId)
                .getResultList();
        items.forEach(em::detach);
        return items;
    }

    @Transactional
    public List<ItemEntity> items(UUID runId, ItemStatus status) {
        List<ItemEntity> items = em
                .createQuery("from ItemEntity where runId = :r and status = :s order by legacyId", ItemEntity.class)
                .setParameter("r", runId)
                .setParameter("s", status)
                .getResultList();
        items.forEach(em::detach);
        return items;
    }

    @Transactional
    public Map<ItemStatus, Long> counts(UUID runId) {
        Map<ItemStatus, Long> counts = new EnumMap<>(ItemStatus.class);
        for (ItemStatus s : ItemStatus.values()) {
            counts.put(s, 0L);
        }
        em.createQuery("select status, count(*) from ItemEntity where runId = :r group by status", Object[].class)
                .setParameter("r", runId)
                .getResultList()
                .forEach(row -> counts.put((ItemStatus) row[0], (Long) row[1]));
        return counts;
    }

    /**
     * Live (not deleted) legacy documents of the run that the migration settled without a syncId in {@code Documents}:
     * FAILED items (malformed, gone, or an IMPORT the writer refused), not queued again by a retry.
     */
    @Transactional
    public long failedLive(UUID runId) {
        return em.createQuery("select count(*) from ItemEntity where runId = :r and status = :s"
                + " and legacyDeleted = false", Long.class)
                .setParameter("r", runId)
                .setParameter("s", ItemStatus.FAILED)
                .getSingleResult();
    }

    /** Items whose IMPORT the writer refused because the syncId was taken: claimed twice and not resolved. */
    @Transactional
    public long unresolvedSyncIdClaims() {
        return em.createQuery("select count(*) from ItemEntity i where i.status = :s and i.reason like :r"
                + " and not exists (select 1 from ItemEntity j where j.legacyId = i.legacyId and j.status = :m)",
                Long.class)
                .setParameter("s", ItemStatus.FAILED)
                .setParameter("r", "SYNC_ID_UNAVAILABLE%")
                .setParameter("m", ItemStatus.MIGRATED)
                .getSingleResult();
    }

    @Transactional
    public List<DuplicateEntity> duplicates(UUID runId) {
        List<DuplicateEntity> list = em
                .createQuery("from DuplicateEntity where runId = :r order by kind, dupKey", DuplicateEntity.class)
                .setParameter("r", runId)
                .getResultList();
        list.forEach(em::detach);
        return list;
    }

    @Transactional
    public List<AttachmentCopyEntity> copies(UUID runId) {
        List<AttachmentCopyEntity> list = em
                .createQuery("from AttachmentCopyEntity where runId = :r", AttachmentCopyEntity.class)
                .setParameter("r", runId)
                .getResultList();
        list.forEach(em::detach);
        return list;
    }

    /**
     * What a worker reads before it works a task, in one transaction: the run, the item, the assignment in force,
     * whether an earlier run migrated the legacy id under it, and whether {@code candidate} (the legacy item's own
     * valid syncId, if any) was ever assigned.
     */
    public record TaskState(RunEntity run, ItemEntity item, Assignment inForce, boolean migratedByEarlierRun,
            boolean candidateEverAssigned) {
    }

    /** One task's question to {@link #taskStates}: its run, its legacy id and the legacy item's own valid syncId. */
    public record TaskQuery(UUID runId, String legacyId, SyncId candidate) {
    }

    /**
     * The {@link TaskState} of each query, in order, all read in one transaction with a statement per kind of fact
     * (items, assignments in force, syncIds ever assigned) for all of them: a poll's tasks together.
     */
    @Transactional
    public List<TaskState> taskStates(List<TaskQuery> queries) {
        if (queries.isEmpty()) {
            return List.of();
        }
        Map<UUID, Optional<RunEntity>> runs = new HashMap<>();
        for (TaskQuery q : queries) {
            runs.computeIfAbsent(q.runId(),
                    id -> Optional.ofNullable(em.find(RunEntity.class, id)).map(this::detached));
        }
        Set<String> legacyIds = new HashSet<>();
        queries.forEach(q -> legacyIds.add(q.legacyId()));
        Map<String, Assignment> inForce = new HashMap<>();
        em.createQuery("from AssignmentEntity where legacyId in :l and releasedAt is null", AssignmentEntity.class)
                .setParameter("l", legacyIds)
                .getResultList()
                .forEach(a -> inForce.put(a.legacyId, Assignment.of(a)));
        // The tasks' own items and, for an assignment made by another run, that run's item of the legacy id.
        Set<UUID> runIds = new HashSet<>(runs.keySet());
        inForce.values().forEach(a -> runIds.add(a.runId()));
        Map<ItemKey, ItemEntity> items = new HashMap<>();
        em.createQuery("from ItemEntity where runId in :r and legacyId in :l", ItemEntity.class)
                .setParameter("r", runIds)
                .setParameter("l", legacyIds)
                .getResultList()
                .forEach(i -> items.put(new ItemKey(i.runId, i.legacyId), detached(i)));
        Set<String> candidates = new HashSet<>();
        queries.stream().filter(q -> q.candidate() != null && !inForce.containsKey(q.legacyId()))
                .forEach(q -> candidates.add(q.candidate().toString()));
        Set<String> everAssigned = candidates.isEmpty()
                ? Set.of()
                : new HashSet<>(em.createQuery("select a.syncId from AssignmentEntity a where a.syncId in :s",
                        String.class).setParameter("s", candidates).getResultList());
        List<TaskState> states = new ArrayList<>(queries.size());
        for (TaskQuery q : queries) {
            Assignment assignment = inForce.get(q.legacyId());
            ItemEntity earlierItem = assignment == null || assignment.runId().equals(q.runId())
                    ? null
                    : items.get(new ItemKey(assignment.runId(), q.legacyId()));
            boolean earlier = earlierItem != null && earlierItem.status == ItemStatus.MIGRATED;
            boolean ever = q.candidate() != null && assignment == null
                    && everAssigned.contains(q.candidate().toString());
            states.add(new TaskState(runs.get(q.runId()).orElse(null), items.get(new ItemKey(q.runId(), q.legacyId())),
                    assignment, earlier, ever));
        }
        return states;
    }

    /** The syncId a task works with, and its item's status as stored after {@link #assignAndStartAll}. */
    public record Started(Assignment assignment, ItemStatus status) {
    }

    /** What {@link #assignAndStartAll} records for one task. */
    public record Start(UUID runId, String legacyId, String userId, Assignment inForce, SyncId candidate,
            String reasonIfNone, boolean deleted, int attempt, UUID opId) {
    }

    /**
     * For each task, in order: the syncId decision ({@code inForce} when the task found one, else {@link #assign}) and
     * the item that carries it; a poll's tasks in one transaction, before any copy or IMPORT.
     */
    @Transactional
    public List<Started> assignAndStartAll(List<Start> starts) {
        List<Started> started = new ArrayList<>(starts.size());
        for (Start s : starts) {
            Assignment assignment = s.inForce() != null
                    ? s.inForce()
                    : assign(s.runId(), s.legacyId(), s.userId(), s.candidate(), s.reasonIfNone());
            started.add(new Started(assignment, startItem(s.runId(), s.legacyId(), assignment.syncId(), s.userId(),
                    s.deleted(), s.attempt(), s.opId())));
        }
        return started;
    }

    /** One attachment of an item as the copy found it: COPIED (verified) or MISSING in the legacy bucket. */
    public record Copy(String fileName, String sourceKey, String targetKey, Long size, String sha256, String status) {
    }

    /**
     * What the attachment copy of an item found: its copies and the legacy objects that were missing.
     */
    public record Copied(UUID runId, String legacyId, List<Copy> copies, String missingObjects) {
    }

    /**
     * What the attachment copies of a poll's items found — their copies (a repeated record keeps the first) and the
     * legacy objects that were missing — recorded in one transaction before their IMPORTs are published: the writer's
     * result may settle an item before this worker gets further (a kill right after the publish), and a settled item
     * is not worked again, so nothing the report needs may wait until after the publish.
     */
    @Transactional
    public void copiedAll(List<Copied> items) {
        for (Copied item : items) {
            for (Copy c : item.copies()) {
                recordCopy(item.runId(), item.legacyId(), c.fileName(), c.sourceKey(), c.targetKey(), c.size(),
                        c.sha256(), c.status());
            }
            if (item.missingObjects() != null) {
                em.createQuery("update ItemEntity set missingObjects = :m where runId = :r and legacyId = :l")
                        .setParameter("m", truncate(item.missingObjects(), 4000))
                        .setParameter("r", item.runId())
                        .setParameter("l", item.legacyId())
                        .executeUpdate();
            }
        }
    }

    /** The writer's outcome for the IMPORT {@code opId}: MIGRATED with its version, or FAILED with the code. */
    public record Outcome(UUID opId, ItemStatus status, String reason, long version) {
    }

    /** An item an outcome settled. */
    public record Settled(UUID runId, String legacyId, UUID opId, ItemStatus status, String reason) {
    }

    /**
     * Records the outcomes of a poll on their items (still ASSIGNED or IMPORTING) in one transaction, one statement per
     * distinct (status, reason, version); returns the items it changed (an unknown opId, or a result seen before,
     * changes nothing).
     */
    @Transactional
    public List<Settled> recordOutcomes(List<Outcome> outcomes) {
        Map<List<Object>, List<UUID>> groups = new java.util.LinkedHashMap<>();
        for (Outcome o : outcomes) {
            groups.computeIfAbsent(java.util.Arrays.asList(o.status(), o.reason(), o.version()),
                    k -> new java.util.ArrayList<>()).add(o.opId());
        }
        List<Settled> settled = new java.util.ArrayList<>();
        Instant now = clock.instant();
        groups.forEach((key, opIds) -> {
            ItemStatus status = (ItemStatus) key.get(0);
            String reason = key.get(1) == null ? null : truncate((String) key.get(1), 2000);
            List<?> rows = em.createNativeQuery("WITH settled AS (UPDATE migration.items SET status = ?1,"
                    + " reason = CAST(?2 AS varchar), imported_version = ?3, updated_at = ?4"
                    + " WHERE op_id IN (?5) AND status IN ('ASSIGNED', 'IMPORTING')"
                    + " RETURNING run_id, legacy_id, op_id) SELECT run_id, legacy_id, op_id FROM settled")
                    .setParameter(1, status.name())
                    .setParameter(2, reason)
                    .setParameter(3, key.get(2))
                    .setParameter(4, now)
                    .setParameter(5, opIds)
                    .getResultList();
            for (Object row : rows) {
                Object[] r = (Object[]) row;
                settled.add(new Settled((UUID) r[0], (String) r[1], (UUID) r[2], status, reason));
            }
        });
        return settled;
    }

    /** The assignment in force (not released) for {@code legacyId}. */
    @Transactional
    public Optional<Assignment> assignmentInForce(String legacyId) {
        return em.createQuery("from AssignmentEntity where legacyId = :l and releasedAt is null",
                AssignmentEntity.class)
                .setParameter("l", legacyId)
                .getResultStream()
                .findFirst()
                .map(Assignment::of);
    }

    /** Whether {@code syncId} was ever assigned (in force or released): such a syncId is never offered again. */
    @Transactional
    public boolean everAssigned(SyncId syncId) {
        return em.find(AssignmentEntity.class, syncId.toString()) != null;
    }

    @Transactional
    public List<AssignmentEntity> assignmentsOf(UUID runId) {
        List<AssignmentEntity> list = em
                .createQuery("from AssignmentEntity where runId = :r", AssignmentEntity.class)
                .setParameter("r", runId)
                .getResultList();
        list.forEach(em::detach);
        return list;
    }

    /**
     * The syncId of {@code legacyId}: the one in force if any (a retry, another worker, an earlier run), else
     * {@code candidate} (the legacy item's own, already normalized) if no one ever had it, else a fresh random one.
     * The reason of the decision is recorded with it.
     */
    @Transactional
    public Assignment assign(UUID runId, String legacyId, String userId, SyncId candidate, String reasonIfNone) {
        Optional<Assignment> existing = assignmentInForce(legacyId);
        if (existing.isPresent()) {
            return existing.get();
        }
        String fallbackReason = reasonIfNone;
        if (candidate != null) {
            Assignment kept = new Assignment(candidate, legacyId, userId, runId, Assignment.KEPT_LEGACY,
                    "valid legacy syncId kept (normalized)");
            if (insert(kept)) {
                return kept;
            }
            Optional<Assignment> raced = assignmentInForce(legacyId);
            if (raced.isPresent()) {
                return raced.get();
            }
            AssignmentEntity holder = em.find(AssignmentEntity.class, candidate.toString());
            fallbackReason = holder == null
                    ? "legacy syncId " + candidate + " is taken"
                    : holder.releasedAt != null
                            ? "legacy syncId " + candidate + " was released by a rollback: never reused"
                            : "legacy syncId " + candidate + " is shared with legacy item " + holder.legacyId
                                    + ", which holds it";
        }
        while (true) {
            Assignment generated = new Assignment(SyncId.random(), legacyId, userId, runId, Assignment.GENERATED,
                    truncate(fallbackReason, 1000));
            if (insert(generated)) {
                return generated;
            }
            Optional<Assignment> raced = assignmentInForce(legacyId);
            if (raced.isPresent()) {
                return raced.get();
            }
            // A random syncId collided with an assigned one (never in practice): draw again.
        }
    }

    private boolean insert(Assignment a) {
        return em
                .createNativeQuery(
                        "INSERT INTO migration.assignments (sync_id, legacy_id, user_id, run_id, decision, reason,"
                                + " assigned_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING")
                .setParameter(1, a.syncId().toString())
                .setParameter(2, a.legacyId())
                .setParameter(3, a.userId())
                .setParameter(4, a.runId())
                .setParameter(5, a.decision())
                .setParameter(6, a.reason())
                .setParameter(7, clock.instant())
                .executeUpdate() == 1;
    }

    /** Releases the assignment of {@code legacyId} (rollback, or a retry after the writer refused the syncId). */
    @Transactional
    public void release(String legacyId, String reason) {
        em.createQuery("update AssignmentEntity set releasedAt = :t, releaseReason = :r"
                + " where legacyId = :l and releasedAt is null")
                .setParameter("t", clock.instant())
                .setParameter("r", truncate(reason, 1000))
                .setParameter("l", legacyId)
                .executeUpdate();
    }

    /**
     * Creates the item of {@code legacyId} in the run as ASSIGNED, or brings a RETRYING/ASSIGNED one to this syncId
     * and opId; an item in any other state is left as it is. Returns the item's status as stored.
     */
    private ItemStatus startItem(UUID runId, String legacyId, SyncId syncId, String userId, boolean deleted,
            int attempt, UUID opId) {
        List<?> started = em.createNativeQuery(
                "WITH started AS (INSERT INTO migration.items AS items (run_id, legacy_id, sync_id, user_id, op_id,"
                        + " attempt, legacy_deleted, status, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'ASSIGNED', ?8)"
                        + " ON CONFLICT (run_id, legacy_id) DO UPDATE SET sync_id = excluded.sync_id,"
                        + " user_id = excluded.user_id, op_id = excluded.op_id, attempt = excluded.attempt,"
                        + " legacy_deleted = excluded.legacy_deleted, status = 'ASSIGNED', reason = NULL,"
                        + " updated_at = excluded.updated_at WHERE items.status IN ('ASSIGNED', 'RETRYING')"
                        + " RETURNING status) SELECT status FROM started")
                .setParameter(1, runId)
                .setParameter(2, legacyId)
                .setParameter(3, syncId.toString())
                .setParameter(4, userId)
                .setParameter(5, opId)
                .setParameter(6, attempt)
                .setParameter(7, deleted)
                .setParameter(8, clock.instant())
                .getResultList();
        if (!started.isEmpty()) {
            return ItemStatus.ASSIGNED;
        }
        return item(runId, legacyId).orElseThrow().status;
    }

    /**
     * Records an item that ends without an import (FAILED with its reason, or SKIPPED), unless it is already
     * finished.
     */
    @Transactional
    public void finishWithout(UUID runId, String legacyId, ItemStatus status, String userId, SyncId syncId,
            String reason) {
        em.createNativeQuery(
                "INSERT INTO migration.items AS items (run_id, legacy_id, sync_id, user_id, attempt, legacy_deleted, status,"
                        + " reason, updated_at) VALUES (?1, ?2, ?3, ?4, 0, false, ?5, ?6, ?7)"
                        + " ON CONFLICT (run_id, legacy_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,"
                        + " sync_id = COALESCE(excluded.sync_id, items.sync_id), updated_at = excluded.updated_at"
                        + " WHERE items.status IN ('ASSIGNED', 'RETRYING')")
                .setParameter(1, runId)
                .setParameter(2, legacyId)
                .setParameter(3, syncId == null ? null : syncId.toString())
                .setParameter(4, userId)
                .setParameter(5, status.name())
                .setParameter(6, truncate(reason, 2000))
                .setParameter(7, clock.instant())
                .executeUpdate();
    }

    /** Records one attachment copied and verified, or missing; a repeated record keeps the first. */
    @Transactional
    public void recordCopy(UUID runId, String legacyId, String fileName, String sourceKey, String targetKey,
            Long size, String sha256, String status) {
        em.createNativeQuery(
                "INSERT INTO migration.attachment_copies (run_id, legacy_id, file_name, source_key, target_key,"
                        + " size, sha256, status, copied_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                        + " ON CONFLICT (run_id, legacy_id, file_name) DO NOTHING")
                .setParameter(1, runId)
                .setParameter(2, legacyId)
                .setParameter(3, fileName)
                .setParameter(4, sourceKey)
                .setParameter(5, targetKey)
                .setParameter(6, size)
                .setParameter(7, sha256)
                .setParameter(8, status)
                .setParameter(9, clock.instant())
                .executeUpdate();
    }

    /** A run's item. */
    public record ItemKey(UUID runId, String legacyId) {
    }

    /**
     * The IMPORTs are published: ASSIGNED → IMPORTING, all in one transaction, one statement per run (a result that
     * already came back is kept).
     */
    @Transactional
    public void markImporting(List<ItemKey> items) {
        Instant now = clock.instant();
        Map<UUID, List<String>> byRun = new HashMap<>();
        items.forEach(item -> byRun.computeIfAbsent(item.runId(), r -> new ArrayList<>()).add(item.legacyId()));
        byRun.forEach((runId, legacyIds) -> em.createQuery("update ItemEntity set status = :n, updatedAt = :t"
                + " where runId = :r and legacyId in :l and status = :a")
                .setParameter("n", ItemStatus.IMPORTING)
                .setParameter("t", now)
                .setParameter("r", runId)
                .setParameter("l", legacyIds)
                .setParameter("a", ItemStatus.ASSIGNED)
                .executeUpdate());
    }

    /** Queues a FAILED item again: RETRYING with the next attempt (hence a new opId). */
    @Transactional
    public boolean markRetrying(UUID runId, String legacyId) {
        return em.createQuery("update ItemEntity set status = :n, attempt = attempt + 1, updatedAt = :t"
                + " where runId = :r and legacyId = :l and status = :f")
                .setParameter("n", ItemStatus.RETRYING)
                .setParameter("t", clock.instant())
                .setParameter("r", runId)
                .setParameter("l", legacyId)
                .setParameter("f", ItemStatus.FAILED)
                .executeUpdate() == 1;
    }

    /** MIGRATED → ROLLED_BACK with the reason. */
    @Transactional
    public void markRolledBack(UUID runId, String legacyId, String reason) {
        em.createQuery("update ItemEntity set status = :n, reason = :why, updatedAt = :t"
                + " where runId = :r and legacyId = :l")
                .setParameter("n", ItemStatus.ROLLED_BACK)
                .setParameter("why", truncate(reason, 2000))
                .setParameter("t", clock.instant())
                .setParameter("r", runId)
                .setParameter("l", legacyId)
                .executeUpdate();
    }

    @Transactional
    public void markRunRolledBack(UUID runId) {
        RunEntity run = em.find(RunEntity.class, runId);
        run.status = RunEntity.ROLLED_BACK;
        run.rolledBackAt = clock.instant();
    }

    private <T> T detached(T entity) {
        em.detach(entity);
        return entity;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Seconds since {@code since} by the ledger's clock (for rates). */
    public double secondsSince(Instant since) {
        return Math.max(0.001, (clock.millis() - since.toEpochMilli()) / 1000.0);
    }
}
