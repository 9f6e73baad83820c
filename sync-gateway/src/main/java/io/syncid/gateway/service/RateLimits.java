package io.syncid.gateway.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.syncid.gateway.config.GatewayConfig;

/**
 * Per-user token buckets (Bucket4j, in memory on each replica): one token per request, refilled gradually at the
 * configured rate up to the burst capacity. A bucket idle long enough to be full again is forgotten, which is the
 * same as keeping it.
 */
@ApplicationScoped
public class RateLimits {

    /** Whether a request may go on, and if not, when the next one will. */
    public record Verdict(boolean allowed, Duration retryAfter) {
    }

    private static final Verdict ALLOWED = new Verdict(true, Duration.ZERO);

    private final GatewayConfig.Rate config;
    private final Cache<String, Bucket> buckets;

    RateLimits(GatewayConfig config) {
        this.config = config.rate();
        long refillsToFull = Math.max(1, (this.config.capacity() + this.config.refillTokens() - 1)
                / this.config.refillTokens());
        this.buckets = Caffeine.newBuilder()
                .maximumSize(this.config.maxUsers())
                .expireAfterAccess(this.config.refillPeriod().multipliedBy(refillsToFull))
                .build();
    }

    /** Takes one token of {@code userId}'s bucket. */
    public Verdict tryAcquire(String userId) {
        if (!config.enabled()) {
            return ALLOWED;
        }
        ConsumptionProbe probe = buckets.get(userId, this::bucket).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? ALLOWED : new Verdict(false, Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private Bucket bucket(String userId) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(config.capacity())
                        .refillGreedy(config.refillTokens(), config.refillPeriod()))
                .build();
    }
}
