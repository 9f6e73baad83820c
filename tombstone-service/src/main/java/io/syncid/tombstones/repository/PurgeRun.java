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

/** One retention purge: when, up to which horizon, what it did and how it ended. */
@Entity
@Table(name = "purge_runs")
public class PurgeRun extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** RUNNING, SUCCEEDED or FAILED. */
    public String outcome;

    /** Tombstones deleted before this instant were purged. */
    public Instant horizon;

    public int purged;

    /** Claimed rows not purged: no tombstone to reserve (missing, already reserved) or younger than it looked. */
    public int skipped;

    public String error;

    /** The most recently started run. */
    public static Optional<PurgeRun> lastRun() {
        return find("order by id desc").firstResultOptional();
    }
}
