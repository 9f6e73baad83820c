package io.syncid.tombstones.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Data-deletion requests and the documents each one published a DELETE for. */
@ApplicationScoped
public class DeletionRequestRepository implements PanacheRepositoryBase<DeletionRequest, UUID> {

    /** Rows per multi-row INSERT: few round trips, well below PostgreSQL's parameter limit. */
    private static final int INSERT_CHUNK = 500;

    /**
     * Opens a request for {@code userId} unless one is open ({@code ON CONFLICT DO NOTHING} on the partial unique
     * index), then returns the open one: two operators asking at once get the same request.
     */
    public DeletionRequest openOrExisting(String userId, String requestedBy, Instant now) {
        getEntityManager().createNativeQuery("""
                INSERT INTO tombstones.deletion_requests (id, user_id, requested_by, requested_at, status, documents)
                VALUES (:id, :userId, :requestedBy, :now, 'OPEN', 0)
                ON CONFLICT (user_id) WHERE status = 'OPEN' DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("userId", userId)
                .setParameter("requestedBy", requestedBy)
                .setParameter("now", now)
                .executeUpdate();
        return find("userId = ?1 and status = ?2", userId, DeletionRequest.Status.OPEN).firstResult();
    }

    /** Open requests, locked for this transaction; another replica skips them. */
    @SuppressWarnings("unchecked")
    public List<DeletionRequest> claimOpen(int limit) {
        return getEntityManager().createNativeQuery("""
                SELECT * FROM tombstones.deletion_requests WHERE status = 'OPEN'
                ORDER BY requested_at LIMIT :limit FOR UPDATE SKIP LOCKED""", DeletionRequest.class)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** The syncIds this request already published a DELETE for. */
    @SuppressWarnings("unchecked")
    public Set<String> published(UUID requestId) {
        List<String> ids = getEntityManager()
                .createNativeQuery("SELECT sync_id FROM tombstones.deletion_request_documents WHERE request_id = :id")
                .setParameter("id", requestId)
                .getResultList();
        return Set.copyOf(ids);
    }

    /** Notes that a DELETE for each syncId was published (durably in Kafka), a few hundred rows per statement. */
    public void markPublished(UUID requestId, List<String> syncIds, Instant now) {
        for (int from = 0; from < syncIds.size(); from += INSERT_CHUNK) {
            List<String> chunk = syncIds.subList(from, Math.min(syncIds.size(), from + INSERT_CHUNK));
            StringBuilder sql = new StringBuilder(
                    "INSERT INTO tombstones.deletion_request_documents (request_id, sync_id, published_at) VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(:id, :s").append(i).append(", :now)");
            }
            sql.append(" ON CONFLICT DO NOTHING");
            var insert = getEntityManager().createNativeQuery(sql.toString())
                    .setParameter("id", requestId)
                    .setParameter("now", now);
            for (int i = 0; i < chunk.size(); i++) {
                insert.setParameter("s" + i, chunk.get(i));
            }
            insert.executeUpdate();
        }
    }

    /** How many of the request's documents have their DELETED result (their tombstone) recorded. */
    public long deletedCount(UUID requestId) {
        Object count = getEntityManager().createNativeQuery("""
                SELECT count(*) FROM tombstones.deletion_request_documents d
                JOIN tombstones.document_tombstones t ON t.sync_id = d.sync_id
                WHERE d.request_id = :id""")
                .setParameter("id", requestId)
                .getSingleResult();
        return ((Number) count).longValue();
    }

    /** The request's syncIds whose DELETED result has not arrived yet. */
    @SuppressWarnings("unchecked")
    public Set<String> awaitingResult(UUID requestId) {
        List<String> ids = getEntityManager().createNativeQuery("""
                SELECT d.sync_id FROM tombstones.deletion_request_documents d
                WHERE d.request_id = :id
                AND NOT EXISTS (SELECT 1 FROM tombstones.document_tombstones t WHERE t.sync_id = d.sync_id)""")
                .setParameter("id", requestId)
                .getResultList();
        return ids.stream().collect(Collectors.toUnmodifiableSet());
    }

    /** The request, if there is one with this id. */
    public Optional<DeletionRequest> byId(UUID id) {
        return findByIdOptional(id);
    }
}
