package io.syncid.tombstones.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of the tombstone registry (SPEC §8): a deleted syncId, whose owner and when, until the purge. */
@Entity
@Table(name = "document_tombstones")
public class Tombstone {

    @Id
    @Column(name = "sync_id")
    public String syncId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "deleted_by")
    public String deletedBy;

    public String reason;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Column(name = "attachments_cleaned_at")
    public Instant attachmentsCleanedAt;
}
