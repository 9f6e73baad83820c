package io.syncid.migration.ledger;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One attachment of an item: copied and verified (size, SHA-256), or MISSING in the legacy bucket. */
@Entity
@Table(name = "attachment_copies")
public class AttachmentCopyEntity extends PanacheEntityBase {

    public static final String COPIED = "COPIED";
    public static final String MISSING = "MISSING";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "run_id", nullable = false)
    public UUID runId;

    @Column(name = "legacy_id", length = 256, nullable = false)
    public String legacyId;

    @Column(name = "file_name", length = 255, nullable = false)
    public String fileName;

    @Column(name = "source_key", length = 1024, nullable = false)
    public String sourceKey;

    @Column(name = "target_key", length = 1024)
    public String targetKey;

    @Column(name = "size")
    public Long size;

    @Column(name = "sha256", length = 64)
    public String sha256;

    @Column(name = "status", length = 16, nullable = false)
    public String status;

    @Column(name = "copied_at", nullable = false)
    public Instant copiedAt;
}
