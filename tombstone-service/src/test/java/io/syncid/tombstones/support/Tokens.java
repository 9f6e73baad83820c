package io.syncid.tombstones.support;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.syncid.testkit.auth.DevJwt;

/** Operator and device tokens, signed with the local development key the test profile trusts. */
public final class Tokens {

    private static final DevJwt SIGNER = DevJwt.fromPem(Path.of("../deploy/local/dev-keys/privateKey.pem"),
            DevJwt.DEV_ISSUER);

    private Tokens() {
    }

    /** "Bearer …" of an operator (group {@code operator}). */
    public static String operator(String subject) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", DevJwt.DEV_ISSUER);
        claims.put("sub", subject);
        claims.put("groups", List.of("operator"));
        claims.put("iat", Instant.now().minus(Duration.ofMinutes(5)).getEpochSecond());
        claims.put("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return "Bearer " + SIGNER.sign(claims);
    }

    /** "Bearer …" of a device (no groups). */
    public static String device(String userId) {
        return "Bearer " + SIGNER.token(userId);
    }
}
