package io.syncid.migration.ledger;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A shared legacy syncId or a content duplicate detected when a run started. */
@Entity
@Table(name = "duplicates")
public class DuplicateEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "run_id", nullable = false)
    public UUID runId;

    @Column(name = "kind", length = 32, nullable = false)
    public String kind;

    @Column(name = "dup_key", length = 1000, nullable = false)
    public String dupKey;

    /** The legacy ids involved, comma-separated. */
    @Column(name = "legacy_ids", length = 4000, nullable = false)
    public String legacyIds;
}
