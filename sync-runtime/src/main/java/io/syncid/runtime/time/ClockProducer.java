package io.syncid.runtime.time;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The one {@link Clock} of a service (UTC system time). Everything that reads the time takes this bean, so retention,
 * purge, ETAs and change positions are testable by moving a clock; a test replaces it with its own producer.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
