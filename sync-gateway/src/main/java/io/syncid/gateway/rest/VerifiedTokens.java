package io.syncid.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Device tokens already verified (signature, issuer, expiry), so that a device's token is verified once rather than on
 * every request: verifying an RS256 token was a sixth of the gateway's CPU under load. A token is reused only while it
 * is unexpired and for at most {@code ttl} after its verification; failures are never kept. A bounded Caffeine cache
 * whose per-entry expiry is that reuse limit.
 */
final class VerifiedTokens {

    /** Verifies a raw token the way the JWT parser does. */
    @FunctionalInterface
    interface Verifier {
        JsonWebToken verify(String token) throws ParseException;
    }

    private record Entry(JsonWebToken token, long reuseUntilMillis) {
    }

    private final Cache<String, Entry> entries;
    private final int maxEntries;
    private final long ttlMillis;
    private final LongSupplier clock;
    private final LongAdder reused = new LongAdder();

    /**
     * @param maxEntries how many tokens are kept; 0 keeps none
     * @param ttl longest reuse of one verification
     * @param clock current time in epoch milliseconds
     */
    VerifiedTokens(int maxEntries, Duration ttl, LongSupplier clock) {
        this.maxEntries = maxEntries;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(Math.max(0, maxEntries))
                // Eviction on the calling thread: the bound holds as soon as a put returns.
                .executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.getAsLong()))
                .expireAfter(Expiry.<String, Entry>creating(
                        (key, entry) -> Duration.ofMillis(Math.max(0, entry.reuseUntilMillis() - clock.getAsLong()))))
                .build();
    }

    /** The verified token: reused when this exact token was verified before and may still be reused, else verified. */
    JsonWebToken verified(String raw, Verifier verifier) throws ParseException {
        if (maxEntries <= 0 || raw == null) {
            return verifier.verify(raw);
        }
        // Keyed by a digest, not the token: comparing attacker-chosen strings against cached tokens character by
        // character would time how much of a real token they share.
        String key = digest(raw);
        long now = clock.getAsLong();
        Entry entry = entries.getIfPresent(key);
        if (entry != null) {
            if (now < entry.reuseUntilMillis()) {
                reused.increment();
                return entry.token();
            }
            entries.asMap().remove(key, entry);
        }
        JsonWebToken token = verifier.verify(raw);
        long expiresMillis = token.getExpirationTime() * 1000;
        if (expiresMillis > now) {
            entries.put(key, new Entry(token, Math.min(expiresMillis, now + ttlMillis)));
        }
        return token;
    }

    /** How many requests were authenticated by an earlier verification. */
    double reused() {
        return reused.sum();
    }

    /** How many verified tokens are kept now. */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private static String digest(String raw) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return new String(hash, StandardCharsets.ISO_8859_1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
