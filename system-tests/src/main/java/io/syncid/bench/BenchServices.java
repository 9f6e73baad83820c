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
     * The JVM of a service in a pod with a memory limit of {@code limitMib}: the Deployments' options
     * ({@code -XX:MaxRAMPercentage=70 -XX:+UseSerialGC}) and {@code -XX:MaxRAM} at the limit, which is what the JVM
     * in the container takes as the machine's memory. Without it the JVM sizes itself off this 24 GiB machine: an
     * initial heap of 384 MiB (1/64 of the memory) where the pod starts at 12 MiB, and G1, which it does not pick in a
     * container below 1 792 MiB (not a "server-class machine"); 10 000 held long-polls measured 795 MiB with G1,
     * 638 MiB with just the serial collector and the pod's maximum heap, 570 MiB with {@code MaxRAM} too.
     */
    static List<String> podJvm(long limitMib) {
        return List.of("-XX:MaxRAM=" + limitMib + "m", "-XX:MaxRAMPercentage=70", "-XX:+UseSerialGC");
    }

    /** The most heap {@code -XX:MaxRAMPercentage=70} gives a pod with a memory limit of {@code limitMib}. */
    static long heapMib(long limitMib) {
        return limitMib * 70 / 100;
    }
}
