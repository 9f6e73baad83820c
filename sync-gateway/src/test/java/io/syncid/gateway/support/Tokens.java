package io.syncid.gateway.support;

import java.nio.file.Path;

import io.syncid.testkit.auth.DevJwt;

/** Device tokens for tests, signed with the local development key the test profile trusts. */
public final class Tokens {

    public static final DevJwt SIGNER = DevJwt.fromPem(Path.of("../deploy/local/dev-keys/privateKey.pem"),
            DevJwt.DEV_ISSUER);

    private Tokens() {
    }

    /** "Bearer …" for {@code userId}. */
    public static String bearer(String userId) {
        return "Bearer " + SIGNER.token(userId);
    }
}
