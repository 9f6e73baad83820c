package io.syncid.consolidator.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health of the consolidator loop: live while its thread runs (a fenced or crashed loop makes the pod restart); ready
 * once it joined its consumer group. That Kafka answers is the Kafka extension's own readiness check.
 */
@ApplicationScoped
public class ConsolidatorHealth {

    private static final String NAME = "queue-consolidator";

    private final ConsolidatorLoop loop;

    ConsolidatorHealth(ConsolidatorLoop loop) {
        this.loop = loop;
    }

    @Produces
    @Liveness
    HealthCheck consumerThread() {
        return () -> {
            var builder = HealthCheckResponse.named(NAME + " loop").status(loop.alive());
            Throwable failure = loop.failure();
            if (failure != null) {
                builder.withData("failure", failure.toString());
            }
            return builder.build();
        };
    }

    @Produces
    @Readiness
    HealthCheck consumerGroup() {
        // Ready without partitions too: a replica beyond the partition count is idle, not broken.
        return () -> HealthCheckResponse.named(NAME + " consumer group")
                .status(loop.alive() && loop.joinedGroup())
                .withData("transactionalId", loop.transactionalId())
                .withData("assignedPartitions", loop.assignedPartitions())
                .build();
    }
}
