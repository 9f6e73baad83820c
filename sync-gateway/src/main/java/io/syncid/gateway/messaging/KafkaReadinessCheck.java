package io.syncid.gateway.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the Kafka cluster answers within the admin deadline. Replaces the Kafka client extension's check, which
 * waits for a hung broker without a bound.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private final OperationLanes lanes;

    KafkaReadinessCheck(OperationLanes lanes) {
        this.lanes = lanes;
    }

    @Override
    public HealthCheckResponse call() {
        String problem = lanes.unreachableBecause();
        var response = HealthCheckResponse.named("Kafka");
        return problem == null ? response.up().build() : response.down().withData("error", problem).build();
    }
}
