package io.syncid.local;

import java.nio.file.Path;
import java.time.Duration;

import io.syncid.testkit.auth.DevJwt;

/** Prints a device token for the local gateway, signed with the local development key (deploy/local/token.sh). */
public final class DevToken {

    private DevToken() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args[0].isBlank()) {
            System.err.println("usage: deploy/local/token.sh <userId> [ttl-minutes]");
            System.exit(2);
        }
        Path root = Path.of(System.getenv().getOrDefault("SYNCID_HOME", ".")).toAbsolutePath().normalize();
        Duration ttl = Duration.ofMinutes(args.length > 1 ? Long.parseLong(args[1]) : 60);
        DevJwt signer = DevJwt.fromPem(root.resolve("deploy/local/dev-keys/privateKey.pem"), DevJwt.DEV_ISSUER);
        System.out.println(signer.token(args[0], ttl));
    }
}
