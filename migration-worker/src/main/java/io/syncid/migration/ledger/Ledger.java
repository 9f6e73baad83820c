package io.syncid.migration.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import io.syncid.model.SyncId;

/**
 * The PostgreSQL ledger of the migration (schema {@code migration}): runs, the legacyId → syncId assignments (unique
 * both ways by constraint, written with {@code INSERT … ON CONFLICT} so concurrent workers and retries reuse them),
 * items and attachment copies. Each method is one transaction.
 */
@ApplicationScoped
public class Ledger {

    /** The reason recorded with a legacy syncId kept. */
    static final String KEPT_REASON = "valid legacy syncId kept (normalized)";

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

    /**
     * The run's items by status, from {@code item_counts} (kept by triggers on {@code items}, a few rows a run) rather
     * than a count of the run's items, which grows with the run and is read every few seconds.
     */
    @Transactional
    public Map<ItemStatus, Long> counts(UUID runId) {
        Map<ItemStatus, Long> counts = new EnumMap<>(ItemStatus.class);
        for (ItemStatus s : ItemStatus.values()) {
            counts.put(s, 0L);
        }
        List<?> rows = em.createNativeQuery("SELECT status, sum(n) FROM migration.item_counts WHERE run_id = ?1"
                + " GROUP BY status")
                .setParameter(1, runId)
                .getResultList();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            counts.put(ItemStatus.valueOf((String) columns[0]), ((Number) columns[1]).longValue());
        }
        return counts;
    }

    /**
     * Live (not deleted) legacy documents of the run that the migration settled without a syncId in {@code Documents}:
     * FAILED items (malformed, gone, or an IMPORT the writer refused), not queued again by a retry.
     */
    @Transactional
    public long failedLive(UUID runId) {
        return ((Number) em.createNativeQuery("SELECT coalesce(sum(n), 0) FROM migration.item_counts WHERE run_id = ?1"
                + " AND status = ?2 AND NOT legacy_deleted")
                .setParameter(1, runId)
                .setParameter(2, ItemStatus.FAILED.name())
                .getSingleResult()).longValue();
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
     * For each task, in order: the syncId decision ({@code inForce} when the task found one, else the legacy syncId
     * kept or a fresh one) and the item that carries it; a poll's tasks in one transaction, before any copy or IMPORT.
     * The decisions are proposed in one statement and the items written in another (set-based: a statement per row was
     * most of the ledger's cost); a proposal that conflicts — a shared or taken syncId, or another worker's decision
     * for the legacy id — is decided again alone by {@link #assign}, which finds out why. The proposals go in the
     * tasks' order, so of two tasks sharing a legacy syncId the first keeps it.
     */
    @Transactional
    public List<Started> assignAndStartAll(List<Start> starts) {
        Instant now = clock.instant();
        Assignment[] assignments = new Assignment[starts.size()];
        List<Assignment> proposals = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            Start s = starts.get(i);
            if (s.inForce() != null) {
                assignments[i] = s.inForce();
            } else {
                proposals.add(s.candidate() != null
                        ? new Assignment(s.candidate(), s.legacyId(), s.userId(), s.runId(), Assignment.KEPT_LEGACY,
                                KEPT_REASON)
                        : new Assignment(SyncId.random(), s.legacyId(), s.userId(), s.runId(), Assignment.GENERATED,
                                truncate(s.reasonIfNone(), 1000)));
            }
        }
        Set<Assignment> inserted = insertAll(proposals, now);
        int p = 0;
        for (int i = 0; i < starts.size(); i++) {
            if (assignments[i] != null) {
                continue;
            }
            Assignment proposed = proposals.get(p++);
            Start s = starts.get(i);
            assignments[i] = inserted.contains(proposed)
                    ? proposed
                    : assign(s.runId(), s.legacyId(), s.userId(), s.candidate(), s.reasonIfNone());
        }
        List<ItemStatus> statuses = startItems(starts, assignments, now);
        List<Started> started = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            started.add(new Started(assignments[i], statuses.get(i)));
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
        List<Object[]> copies = new ArrayList<>();
        List<Object[]> missing = new ArrayList<>();
        for (Copied item : items) {
            for (Copy c : item.copies()) {
                copies.add(new Object[]{item.runId(), item.legacyId(), c.fileName(), c.sourceKey(), c.targetKey(),
                        c.size(), c.sha256(), c.status()});
            }
            if (item.missingObjects() != null) {
                missing.add(new Object[]{item.runId(), item.legacyId(), truncate(item.missingObjects(), 4000)});
            }
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        jdbc(connection -> {
            if (!copies.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO migration.attachment_copies (run_id, legacy_id, file_name, source_key, target_key,"
                                + " size, sha256, status, copied_at) SELECT t.run_id, t.legacy_id, t.file_name,"
                                + " t.source_key, t.target_key, t.size, t.sha256, t.status, ? FROM unnest(?::uuid[],"
                                + " ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[],"
                                + " ?::varchar[]) WITH ORDINALITY AS t(run_id, legacy_id, file_name, source_key,"
                                + " target_key, size, sha256, status, n) ORDER BY t.n"
                                + " ON CONFLICT (run_id, legacy_id, file_name) DO NOTHING")) {
                    insert.setObject(1, now);
                    bindColumns(connection, insert, 2, copies, "uuid", "varchar", "varchar", "varchar", "varchar",
                            "int8", "varchar", "varchar");
                    insert.executeUpdate();
                }
            }
            if (!missing.isEmpty()) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE migration.items i SET missing_objects = t.missing FROM unnest(?::uuid[], ?::varchar[],"
                                + " ?::varchar[]) AS t(run_id, legacy_id, missing)"
                                + " WHERE i.run_id = t.run_id AND i.legacy_id = t.legacy_id")) {
                    bindColumns(connection, update, 1, missing, "uuid", "varchar", "varchar");
                    update.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The writer's outcome for the IMPORT {@code opId}: MIGRATED with its version, or FAILED with the code. */
    public record Outcome(UUID opId, ItemStatus status, String reason, long version) {
    }

    /** An item an outcome settled. */
    public record Settled(UUID runId, String legacyId, UUID opId, ItemStatus status, String reason) {
    }

    /**
     * Records the outcomes of a poll on their items (still ASSIGNED or IMPORTING) in one statement, in one
     * transaction; returns the items it changed (an unknown opId, or a result seen before, changes nothing). Of two
     * outcomes for one opId in a poll the first counts, as if they had come one after the other.
     */
    @Transactional
    public List<Settled> recordOutcomes(List<Outcome> outcomes) {
        Map<UUID, Outcome> first = new LinkedHashMap<>();
        outcomes.forEach(o -> first.putIfAbsent(o.opId(), o));
        if (first.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = new ArrayList<>(first.size());
        first.values().forEach(o -> rows.add(new Object[]{o.opId(), o.status().name(), truncate(o.reason(), 2000),
                o.version()}));
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return jdbc(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE migration.items i SET status = t.status, reason = t.reason, imported_version = t.version,"
                            + " updated_at = ? FROM unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::bigint[])"
                            + " AS t(op_id, status, reason, version)"
                            + " WHERE i.op_id = t.op_id AND i.status IN ('ASSIGNED', 'IMPORTING')"
                            + " RETURNING i.run_id, i.legacy_id, i.op_id, i.status, i.reason")) {
                update.setObject(1, now);
                bindColumns(connection, update, 2, rows, "uuid", "varchar", "varchar", "int8");
                List<Settled> settled = new ArrayList<>();
                try (ResultSet rs = update.executeQuery()) {
                    while (rs.next()) {
                        settled.add(new Settled(rs.getObject(1, UUID.class), rs.getString(2),
                                rs.getObject(3, UUID.class), ItemStatus.valueOf(rs.getString(4)), rs.getString(5)));
                    }
                }
                return settled;
            }
        });
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
                    KEPT_REASON);
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
     * Creates each start's item in its run as ASSIGNED, or brings a RETRYING/ASSIGNED one to its syncId and opId; an
     * item in any other state is left as it is. Returns the items' statuses as stored, in order.
     */
    private List<ItemStatus> startItems(List<Start> starts, Assignment[] assignments, Instant at) {
        List<Object[]> rows = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            Start s = starts.get(i);
            rows.add(new Object[]{s.runId(), s.legacyId(), assignments[i].syncId().toString(), s.userId(), s.opId(),
                    s.attempt(), s.deleted()});
        }
        return jdbc(connection -> {
            Map<ItemKey, ItemStatus> stored = new HashMap<>();
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO migration.items AS items (run_id, legacy_id, sync_id, user_id, op_id, attempt,"
                            + " legacy_deleted, status, updated_at) SELECT t.run_id, t.legacy_id, t.sync_id, t.user_id,"
                            + " t.op_id, t.attempt, t.deleted, 'ASSIGNED', ? FROM unnest(?::uuid[], ?::varchar[],"
                            + " ?::varchar[], ?::varchar[], ?::uuid[], ?::int[], ?::boolean[]) AS t(run_id, legacy_id,"
                            + " sync_id, user_id, op_id, attempt, deleted)"
                            + " ON CONFLICT (run_id, legacy_id) DO UPDATE SET sync_id = excluded.sync_id,"
                            + " user_id = excluded.user_id, op_id = excluded.op_id, attempt = excluded.attempt,"
                            + " legacy_deleted = excluded.legacy_deleted, status = 'ASSIGNED', reason = NULL,"
                            + " updated_at = excluded.updated_at WHERE items.status IN ('ASSIGNED', 'RETRYING')"
                            + " RETURNING run_id, legacy_id")) {
                upsert.setObject(1, at.atOffset(ZoneOffset.UTC));
                bindColumns(connection, upsert, 2, rows, "uuid", "varchar", "varchar", "varchar", "uuid", "int4",
                        "bool");
                try (ResultSet rs = upsert.executeQuery()) {
                    while (rs.next()) {
                        stored.put(new ItemKey(rs.getObject(1, UUID.class), rs.getString(2)), ItemStatus.ASSIGNED);
                    }
                }
            }
            if (stored.size() < starts.size()) {
                // Items a step beyond ASSIGNED (IMPORTING, settled, rolled back): as they are.
                List<Object[]> keys = new ArrayList<>();
                starts.forEach(s -> keys.add(new Object[]{s.runId(), s.legacyId()}));
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT i.run_id, i.legacy_id, i.status FROM migration.items i JOIN unnest(?::uuid[],"
                                + " ?::varchar[]) AS t(run_id, legacy_id)"
                                + " ON i.run_id = t.run_id AND i.legacy_id = t.legacy_id")) {
                    bindColumns(connection, select, 1, keys, "uuid", "varchar");
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            stored.putIfAbsent(new ItemKey(rs.getObject(1, UUID.class), rs.getString(2)),
                                    ItemStatus.valueOf(rs.getString(3)));
                        }
                    }
                }
            }
            List<ItemStatus> statuses = new ArrayList<>(starts.size());
            for (Start s : starts) {
                ItemStatus status = stored.get(new ItemKey(s.runId(), s.legacyId()));
                if (status == null) {
                    throw new IllegalStateException("item " + s.legacyId() + " of run " + s.runId() + " is missing");
                }
                statuses.add(status);
            }
            return statuses;
        });
    }

    /**
     * Inserts the proposed assignments in their order where neither their syncId nor their legacy id is taken; returns
     * those it inserted.
     */
    private Set<Assignment> insertAll(List<Assignment> proposals, Instant at) {
        if (proposals.isEmpty()) {
            return Set.of();
        }
        List<Object[]> rows = new ArrayList<>(proposals.size());
        Map<String, Assignment> bySyncId = new HashMap<>();
        for (Assignment a : proposals) {
            rows.add(new Object[]{a.syncId().toString(), a.legacyId(), a.userId(), a.runId(), a.decision(),
                    a.reason()});
            bySyncId.putIfAbsent(a.syncId().toString(), a);
        }
        return jdbc(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO migration.assignments (sync_id, legacy_id, user_id, run_id, decision, reason,"
                            + " assigned_at) SELECT t.sync_id, t.legacy_id, t.user_id, t.run_id, t.decision, t.reason,"
                            + " ? FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::uuid[], ?::varchar[],"
                            + " ?::varchar[]) WITH ORDINALITY AS t(sync_id, legacy_id, user_id, run_id, decision,"
                            + " reason, n) ORDER BY t.n ON CONFLICT DO NOTHING RETURNING sync_id, legacy_id")) {
                insert.setObject(1, at.atOffset(ZoneOffset.UTC));
                bindColumns(connection, insert, 2, rows, "varchar", "varchar", "varchar", "uuid", "varchar",
                        "varchar");
                Set<Assignment> inserted = new HashSet<>();
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        Assignment a = bySyncId.get(rs.getString(1));
                        if (a != null && a.legacyId().equals(rs.getString(2))) {
                            inserted.add(a);
                        }
                    }
                }
                return inserted;
            }
        });
    }

    /**
     * Binds {@code rows} column by column as arrays (of the given SQL element types) to the parameters from
     * {@code first} on: the rows of one {@code unnest(…)}.
     */
    private static void bindColumns(Connection connection, PreparedStatement statement, int first,
            List<Object[]> rows, String... types) throws SQLException {
        for (int c = 0; c < types.length; c++) {
            Object[] column = new Object[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                column[r] = rows.get(r)[c];
            }
            statement.setArray(first + c, connection.createArrayOf(types[c], column));
        }
    }

    /** Runs {@code work} on the connection of the current transaction (the set-based statements). */
    private <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
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
