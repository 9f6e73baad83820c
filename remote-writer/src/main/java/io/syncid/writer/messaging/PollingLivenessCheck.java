package io.syncid.writer.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Liveness: the thread polling {@code sync.operations} is alive and polling; without it nothing is ever applied. */
@Liveness
@ApplicationScoped
public class PollingLivenessCheck implements HealthCheck {

    private final OperationsConsumer consumer;

    PollingLivenessCheck(OperationsConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sync-operations-poller").status(consumer.alive()).build();
    }
}
