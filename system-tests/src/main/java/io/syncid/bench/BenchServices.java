package io.syncid.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.syncid.testkit.SyncInfrastructure;

/** What every benchmark gives the services it starts: the servers' settings, the dev token key, quiet logs. */
final class BenchServices {

    private BenchServices() {
    }

    /** A new, modifiable map of the settings every packaged service of a benchmark starts with. */
    static Map<String, String> config(SyncInfrastructure infra, Path root) {
        Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
        config.put("mp.jwt.verify.publickey.location",
                root.resolve("deploy/local/dev-keys/publicKey.pem").toUri().toString());
        config.put("quarkus.log.level", "WARN");
        return config;
    }
}
