package io.syncid.tombstones.repository;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One orphan sweep over the attachments bucket: what it scanned, found and deleted. */
@Entity
@Table(name = "orphan_sweeps")
public class OrphanSweep extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** RUNNING, SUCCEEDED or FAILED. */
    public String outcome;

    /** Objects looked at. */
    public int scanned;

    /** Objects that were orphans (the {@code orphaned_attachments} gauge). */
    public int orphans;

    /** Orphans deleted. */
    public int deleted;

    public String error;

    /** The most recently started sweep. */
    public static Optional<OrphanSweep> lastSweep() {
        return find("order by id desc").firstResultOptional();
    }
}
