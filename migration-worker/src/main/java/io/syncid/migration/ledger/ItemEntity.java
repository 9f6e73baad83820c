package io.syncid.migration.ledger;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The state of one legacy document in one run: its syncId, the IMPORT's opId, status and reason. */
@Entity
@Table(name = "items")
public class ItemEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "run_id", nullable = false)
    public UUID runId;

    @Column(name = "legacy_id", length = 256, nullable = false)
    public String legacyId;

    @Column(name = "sync_id", length = 36)
    public String syncId;

    @Column(name = "user_id", length = 256)
    public String userId;

    @Column(name = "op_id")
    public UUID opId;

    @Column(name = "attempt", nullable = false)
    public int attempt;

    @Column(name = "legacy_deleted", nullable = false)
    public boolean legacyDeleted;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 32, nullable = false)
    public ItemStatus status;

    @Column(name = "reason", length = 2000)
    public String reason;

    /** File names whose legacy object no longer exists, comma-separated: reported, never invented. */
    @Column(name = "missing_objects", length = 4000)
    public String missingObjects;

    /** The document version the writer reported for the IMPORT: rollback deletes only if it is still this one. */
    @Column(name = "imported_version")
    public Long importedVersion;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
