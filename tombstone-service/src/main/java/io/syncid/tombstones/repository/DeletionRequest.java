package io.syncid.tombstones.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The audit record of one data-deletion request: who asked, when, how many documents, when it was done. */
@Entity
@Table(name = "deletion_requests")
public class DeletionRequest {

    /** Where a request is. */
    public enum Status {
        /** DELETEs are being published or their results awaited. */
        OPEN,
        /** No live document and no attachment of the user is left. */
        COMPLETED
    }

    @Id
    public UUID id;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** DELETEs published for this request so far. */
    public int documents;

    @Column(name = "completed_at")
    public Instant completedAt;
}
