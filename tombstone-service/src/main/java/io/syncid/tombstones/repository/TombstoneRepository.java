package io.syncid.tombstones.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Reads and writes the tombstone registry; every claim is row-locked with SKIP LOCKED so replicas never share work. */
@ApplicationScoped
public class TombstoneRepository implements PanacheRepositoryBase<Tombstone, String> {

    /**
     * Records a tombstone unless the syncId is already recorded ({@code ON CONFLICT DO NOTHING}): a result delivered
     * again, or by two replicas around a rebalance, leaves one row. Returns whether a row was added.
     */
    public boolean insertIfAbsent(String syncId, String userId, Instant deletedAt, String deletedBy, String reason,
            Instant recordedAt) {
        int rows = getEntityManager().createNativeQuery("""
                INSERT INTO tombstones.document_tombstones
                    (sync_id, user_id, deleted_at, deleted_by, reason, recorded_at)
                VALUES (:syncId, :userId, :deletedAt, :deletedBy, :reason, :recordedAt)
                ON CONFLICT (sync_id) DO NOTHING""")
                .setParameter("syncId", syncId)
                .setParameter("userId", userId)
                .setParameter("deletedAt", deletedAt)
                .setParameter("deletedBy", deletedBy)
                .setParameter("reason", reason)
                .setParameter("recordedAt", recordedAt)
                .executeUpdate();
        return rows == 1;
    }

    /** Tombstones whose attachments are still to be deleted, locked for this transaction; others skip them. */
    @SuppressWarnings("unchecked")
    public List<Tombstone> claimUncleaned(int limit) {
        return getEntityManager().createNativeQuery("""
                SELECT * FROM tombstones.document_tombstones
                WHERE attachments_cleaned_at IS NULL
                ORDER BY recorded_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""", Tombstone.class)
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Tombstones deleted before {@code cutoff} whose attachments are gone, oldest first, locked for this transaction:
     * a concurrent purge on another replica skips them, so no tombstone is purged twice.
     */
    @SuppressWarnings("unchecked")
    public List<Tombstone> claimPurgeable(Instant cutoff, int limit) {
        return getEntityManager().createNativeQuery("""
                SELECT * FROM tombstones.document_tombstones
                WHERE deleted_at < :cutoff AND attachments_cleaned_at IS NOT NULL
                ORDER BY deleted_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""", Tombstone.class)
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** How many tombstones were deleted in {@code [from, to)}; null bounds are open. */
    public long countDeletedBetween(Instant from, Instant to) {
        if (from == null && to == null) {
            return count();
        }
        if (from == null) {
            return count("deletedAt < ?1", to);
        }
        if (to == null) {
            return count("deletedAt >= ?1", from);
        }
        return count("deletedAt >= ?1 and deletedAt < ?2", from, to);
    }
}
