package io.syncid.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * The JVM options of a service in a pod with a memory limit of {@code limitMib}: the heap
     * {@code -XX:MaxRAMPercentage=70} gives it, and the serial collector, which the JVM picks by itself in a container
     * below 1 792 MiB (not a "server-class machine") and the Deployments name explicitly. On this 24 GiB machine the
     * JVM would pick G1, whose larger heap growth and remembered sets are not what the pod runs.
     */
    static List<String> podJvm(long limitMib) {
        return List.of("-Xmx" + heapMib(limitMib) + "m", "-XX:+UseSerialGC");
    }

    /** The heap {@code -XX:MaxRAMPercentage=70} gives a pod with a memory limit of {@code limitMib}. */
    static long heapMib(long limitMib) {
        return limitMib * 70 / 100;
    }
}
