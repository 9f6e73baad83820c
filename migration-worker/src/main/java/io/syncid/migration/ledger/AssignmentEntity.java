package io.syncid.migration.ledger;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One syncId assigned to one legacy document, with the decision and its reason; a released one is never reused. */
@Entity
@Table(name = "assignments")
public class AssignmentEntity extends PanacheEntityBase {

    @Id
    @Column(name = "sync_id", length = 36)
    public String syncId;

    @Column(name = "legacy_id", length = 256, nullable = false)
    public String legacyId;

    @Column(name = "user_id", length = 256, nullable = false)
    public String userId;

    @Column(name = "run_id", nullable = false)
    public UUID runId;

    @Column(name = "decision", length = 32, nullable = false)
    public String decision;

    @Column(name = "reason", length = 1000, nullable = false)
    public String reason;

    @Column(name = "assigned_at", nullable = false)
    public Instant assignedAt;

    @Column(name = "released_at")
    public Instant releasedAt;

    @Column(name = "release_reason", length = 1000)
    public String releaseReason;
}
