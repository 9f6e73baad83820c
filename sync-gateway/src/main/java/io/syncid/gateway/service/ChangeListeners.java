package io.syncid.gateway.service;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.model.ErrorCode;

/**
 * In-memory registry of the held requests of each user, woken when a result of that user arrives on
 * {@code sync.results}. A wake-up only says "look now": the woken request reads the table by cursor, so a missed or
 * duplicated wake-up costs at most a late or an extra pull. Bounded per user and in total, so held requests cannot
 * grow without limit.
 */
@ApplicationScoped
public class ChangeListeners {

    private final ConcurrentHashMap<String, Set<CompletableFuture<Boolean>>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private final int maxPerUser;
    private final int maxTotal;
    private final Duration retryAfter;

    ChangeListeners(GatewayConfig config, MeterRegistry registry) {
        this.maxPerUser = config.live().maxHeldPerUser();
        this.maxTotal = config.live().maxHeldTotal();
        this.retryAfter = config.retryAfter();
        Gauge.builder("sync_gateway_held_requests", held, AtomicInteger::get)
                .description("Long-polls currently held, waiting for a change of their user")
                .register(registry);
    }

    /**
     * A future that completes with true when a change of {@code userId} is reported; the caller must
     * {@link #remove} it when it stops waiting (timeout or cancellation).
     *
     * @throws Refusal TOO_MANY_REQUESTS when the user holds as many requests as allowed, SERVICE_UNAVAILABLE when the
     *             replica does
     */
    public CompletableFuture<Boolean> listen(String userId) {
        CompletableFuture<Boolean> future = new CompletableFuture<>();
        if (held.incrementAndGet() > maxTotal) {
            held.decrementAndGet();
            throw new Refusal(ErrorCode.SERVICE_UNAVAILABLE, "this server holds as many waiting requests as it may",
                    retryAfter);
        }
        boolean[] added = {false};
        byUser.compute(userId, (user, set) -> {
            Set<CompletableFuture<Boolean>> listeners = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (listeners.size() < maxPerUser) {
                listeners.add(future);
                added[0] = true;
            }
            return listeners.isEmpty() ? null : listeners;
        });
        if (!added[0]) {
            held.decrementAndGet();
            throw new Refusal(ErrorCode.TOO_MANY_REQUESTS,
                    "this user already holds " + maxPerUser + " waiting requests", retryAfter);
        }
        return future;
    }

    /** Stops holding {@code future}, whether it was woken or not. */
    public void remove(String userId, CompletableFuture<Boolean> future) {
        byUser.computeIfPresent(userId, (user, set) -> {
            if (set.remove(future)) {
                held.decrementAndGet();
            }
            return set.isEmpty() ? null : set;
        });
    }

    /** Wakes every request held for {@code userId} on this replica. */
    public void wake(String userId) {
        Set<CompletableFuture<Boolean>> listeners = byUser.get(userId);
        if (listeners != null) {
            listeners.forEach(f -> f.complete(Boolean.TRUE));
        }
    }

    /** Requests currently held on this replica. */
    public int held() {
        return held.get();
    }
}
