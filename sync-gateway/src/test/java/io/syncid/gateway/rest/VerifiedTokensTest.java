package io.syncid.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.ParseException;

/** Which verified tokens are reused and which are verified again. */
class VerifiedTokensTest {

    private static final long START = 1_800_000_000_000L;

    private long now = START;
    private final AtomicInteger verifications = new AtomicInteger();
    private final Map<String, Long> expiryOf = new HashMap<>();

    private VerifiedTokens tokens(int size, Duration ttl) {
        return new VerifiedTokens(size, ttl, () -> now);
    }

    /** A verifier that accepts every token registered in {@link #expiryOf} and counts its calls. */
    private JsonWebToken verify(VerifiedTokens tokens, String raw) throws ParseException {
        return tokens.verified(raw, token -> {
            verifications.incrementAndGet();
            Long exp = expiryOf.get(token);
            if (exp == null) {
                throw new ParseException("bad signature");
            }
            return jwt(token, exp);
        });
    }

    @Test
    void aTokenSeenBeforeIsNotVerifiedAgain() throws ParseException {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        expiryOf.put("a", START / 1000 + 3600);
        JsonWebToken first = verify(tokens, "a");
        JsonWebToken second = verify(tokens, "a");
        assertSame(first, second);
        assertEquals(1, verifications.get());
    }

    @Test
    void eachDistinctTokenIsVerified() throws ParseException {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        expiryOf.put("a", START / 1000 + 3600);
        expiryOf.put("a2", START / 1000 + 3600);
        assertEquals("a", verify(tokens, "a").getName());
        assertEquals("a2", verify(tokens, "a2").getName());
        assertEquals(2, verifications.get());
    }

    @Test
    void aRejectedTokenIsVerifiedEveryTime() {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        assertThrows(ParseException.class, () -> verify(tokens, "forged"));
        assertThrows(ParseException.class, () -> verify(tokens, "forged"));
        assertEquals(2, verifications.get());
        assertEquals(0, tokens.size());
    }

    @Test
    void aTokenIsNotReusedFromItsExpiryOn() throws ParseException {
        VerifiedTokens tokens = tokens(100, Duration.ofHours(1));
        expiryOf.put("a", START / 1000 + 60);
        verify(tokens, "a");
        now = START + 59_999;
        verify(tokens, "a");
        assertEquals(1, verifications.get());
        now = START + 60_000;
        verify(tokens, "a");
        assertEquals(2, verifications.get(), "at exp the parser decides again (with its clock skew)");
    }

    @Test
    void aVerificationIsReusedAtMostTheTtl() throws ParseException {
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        expiryOf.put("a", START / 1000 + 3600);
        verify(tokens, "a");
        now = START + Duration.ofMinutes(5).toMillis();
        verify(tokens, "a");
        assertEquals(2, verifications.get());
    }

    @Test
    void aTokenAlreadyPastItsExpiryIsNotKept() throws ParseException {
        // The parser accepts tokens inside its clock skew; such a token must still be verified on every request.
        VerifiedTokens tokens = tokens(100, Duration.ofMinutes(5));
        expiryOf.put("late", START / 1000 - 30);
        verify(tokens, "late");
        verify(tokens, "late");
        assertEquals(2, verifications.get());
        assertEquals(0, tokens.size());
    }

    @Test
    void sizeZeroVerifiesEveryRequest() throws ParseException {
        VerifiedTokens tokens = tokens(0, Duration.ofMinutes(5));
        expiryOf.put("a", START / 1000 + 3600);
        verify(tokens, "a");
        verify(tokens, "a");
        assertEquals(2, verifications.get());
    }

    @Test
    void theCacheNeverHoldsMoreThanItsSize() throws ParseException {
        VerifiedTokens tokens = tokens(3, Duration.ofMinutes(5));
        for (int i = 0; i < 10; i++) {
            expiryOf.put("t" + i, START / 1000 + 3600);
            verify(tokens, "t" + i);
            assertTrue(tokens.size() <= 3, "size " + tokens.size());
        }
    }

    /** Against a model: a token is verified exactly when it was not verified within the ttl or has expired. */
    @Test
    void randomSequencesVerifyExactlyWhenTheModelSays() throws ParseException {
        long seed = Long.getLong("syncid.seed", System.nanoTime());
        Random random = new Random(seed);
        Duration ttl = Duration.ofSeconds(120);
        VerifiedTokens tokens = tokens(1000, ttl);
        Map<String, Long> reuseUntil = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            expiryOf.put("t" + i, START / 1000 + random.nextInt(600));
        }
        int expected = 0;
        for (int step = 0; step < 5000; step++) {
            now += random.nextInt(1000);
            String raw = "t" + random.nextInt(20);
            Long until = reuseUntil.get(raw);
            if (until == null || now >= until) {
                expected++;
                long exp = expiryOf.get(raw) * 1000;
                if (exp > now) {
                    reuseUntil.put(raw, Math.min(exp, now + ttl.toMillis()));
                } else {
                    reuseUntil.remove(raw);
                }
            }
            JsonWebToken token = verify(tokens, raw);
            assertEquals(raw, token.getName(), "seed " + seed + " (rerun with -Dsyncid.seed=" + seed + ")");
            assertEquals(expected, verifications.get(),
                    "seed " + seed + " (rerun with -Dsyncid.seed=" + seed + ")" + ", step " + step);
        }
    }

    private static JsonWebToken jwt(String subject, long exp) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("sub", "exp");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                if ("exp".equals(name)) {
                    return (T) Long.valueOf(exp);
                }
                return "sub".equals(name) ? (T) subject : null;
            }
        };
    }
}
