package io.syncid.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.syncid.testkit.auth.DevJwt;

/**
 * Prints a token for the local services, signed with the local development key (deploy/local/token.sh): a device token
 * by default, an operator token (group {@code operator}, for the tombstone-service and migration-worker admin APIs)
 * with {@code --operator}.
 */
public final class DevToken {

    static final String USAGE = "usage: deploy/local/token.sh [--operator] <userId> [ttl-minutes]";

    private DevToken() {
    }

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean operator = rest.remove("--operator");
        if (rest.isEmpty() || rest.get(0).isBlank() || rest.get(0).startsWith("-")) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Path root = Path.of(System.getenv().getOrDefault("SYNCID_HOME", ".")).toAbsolutePath().normalize();
        Duration ttl = Duration.ofMinutes(rest.size() > 1 ? Long.parseLong(rest.get(1)) : 60);
        DevJwt signer = DevJwt.fromPem(root.resolve("deploy/local/dev-keys/privateKey.pem"), DevJwt.DEV_ISSUER);
        System.out.println(operator ? signer.sign(operatorClaims(rest.get(0), ttl)) : signer.token(rest.get(0), ttl));
    }

    private static Map<String, Object> operatorClaims(String subject, Duration ttl) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", DevJwt.DEV_ISSUER);
        claims.put("sub", subject);
        claims.put("groups", List.of("operator"));
        claims.put("iat", now.minus(Duration.ofMinutes(5)).getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }
}
