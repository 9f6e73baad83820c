package io.syncid.migration.support;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.syncid.testkit.auth.DevJwt;

/** Operator and device tokens for tests, signed with the local development key the test profile trusts. */
public final class Tokens {

    public static final DevJwt SIGNER = DevJwt.fromPem(Path.of("../deploy/local/dev-keys/privateKey.pem"),
            DevJwt.DEV_ISSUER);

    private Tokens() {
    }

    /** "Bearer …" for an operator (group {@code operator}). */
    public static String operator() {
        return "Bearer " + SIGNER.sign(claims("ops-1", List.of("operator")));
    }

    /** "Bearer …" for a device user without the operator group. */
    public static String device(String userId) {
        return "Bearer " + SIGNER.token(userId);
    }

    private static Map<String, Object> claims(String subject, List<String> groups) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", DevJwt.DEV_ISSUER);
        claims.put("sub", subject);
        claims.put("groups", groups);
        claims.put("iat", now - 300);
        claims.put("exp", now + 3600);
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }
}
