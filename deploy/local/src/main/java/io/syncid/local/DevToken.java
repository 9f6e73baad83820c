package io.syncid.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        System.out.println(operator ? signer.operatorToken(rest.get(0), ttl) : signer.token(rest.get(0), ttl));
    }
}
