package io.syncid.tombstones.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;
import io.syncid.tombstones.config.TombstonesConfig;

/**
 * Registers the service's periodic work with the Quarkus scheduler from {@link TombstonesConfig}, so every interval
 * has its default in one place (the mapping): attachment clean-up, data-deletion passes, the purge and the orphan
 * sweep. No job overlaps itself; a failing run is logged and the next one tries again.
 */
@ApplicationScoped
public class Schedules {

    private static final Logger LOG = Logger.getLogger(Schedules.class);

    private final Scheduler scheduler;
    private final TombstonesConfig config;
    private final AttachmentCleaner cleaner;
    private final DeletionRequests deletions;
    private final PurgeService purge;
    private final OrphanSweeper sweeper;

    Schedules(Scheduler scheduler, TombstonesConfig config, AttachmentCleaner cleaner, DeletionRequests deletions,
            PurgeService purge, OrphanSweeper sweeper) {
        this.scheduler = scheduler;
        this.config = config;
        this.cleaner = cleaner;
        this.deletions = deletions;
        this.purge = purge;
        this.sweeper = sweeper;
    }

    void register(@Observes StartupEvent startup) {
        schedule("attachment-cleanup", config.cleanup().every(), cleaner::cleanPending);
        schedule("data-deletion-requests", config.deletion().every(), deletions::drive);
        if (config.purge().scheduled()) {
            schedule("retention-purge", config.purge().every(), purge::purge);
        }
        if (config.orphans().scheduled()) {
            schedule("orphan-sweep", config.orphans().every(), sweeper::sweep);
        }
    }

    /**
     * No new run once shutdown has begun: the datasource and Hibernate close before the scheduler does, and a run
     * started then only fails and logs an error.
     */
    void pause(@Observes ShutdownEvent shutdown) {
        scheduler.pause();
    }

    private void schedule(String id, Duration every, Runnable task) {
        scheduler.newJob(id)
                .setInterval(every.toString())
                .setConcurrentExecution(ConcurrentExecution.SKIP)
                .setTask(execution -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "%s failed; the next run tries again", id);
                    }
                })
                .schedule();
    }
}
