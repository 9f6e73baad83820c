package io.syncid.migration.ledger;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One migration run: how many legacy documents its scan found and whether it was rolled back. */
@Entity
@Table(name = "runs")
public class RunEntity extends PanacheEntityBase {

    /** A run's tasks are being processed. */
    public static final String RUNNING = "RUNNING";
    /** The run's imports were withdrawn by rollback. */
    public static final String ROLLED_BACK = "ROLLED_BACK";

    @Id
    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "status", length = 32, nullable = false)
    public String status;

    @Column(name = "total", nullable = false)
    public int total;

    /** Legacy documents of the run that are not deleted: those that must end with a live syncId. */
    @Column(name = "live_total", nullable = false)
    public int liveTotal;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "rolled_back_at")
    public Instant rolledBackAt;
}
