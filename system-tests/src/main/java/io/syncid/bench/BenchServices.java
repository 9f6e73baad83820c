package io.syncid.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.syncid.testkit.SyncInfrastructure;

/** What every benchmark gives the services it starts: the servers' settings, the dev token key, quiet logs. */
final class BenchServices {

    private static final Pattern LIMIT = Pattern.compile("limits:\\s*\\n(?:\\s+cpu:.*\\n)?\\s+memory:\\s*(\\d+)Mi");
    private static final Pattern JAVA_TOOL_OPTIONS = Pattern
            .compile("name:\\s*JAVA_TOOL_OPTIONS\\s*\\n\\s*value:\\s*\"([^\"]*)\"");

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
     * The JVM of {@code module}'s pod, read from its Deployment ({@code deploy/k8s/base/<module>/deployment.yaml}): its
     * {@code JAVA_TOOL_OPTIONS}, and {@code -XX:MaxRAM} at its memory limit, which is what the JVM in the container
     * takes as the machine's memory. Without it the JVM sizes itself off this 24 GiB machine: an initial heap of
     * 384 MiB (1/64 of the memory) where the pod starts at 12 MiB, and G1, which it does not pick in a container below
     * 1 792 MiB (not a "server-class machine"); 10 000 held long-polls measured 795 MiB with G1, 638 MiB with the
     * serial collector and the pod's maximum heap, 570 MiB with {@code MaxRAM} too.
     */
    static List<String> podJvm(Path root, String module) {
        String deployment = deployment(root, module);
        List<String> jvm = new ArrayList<>();
        jvm.add("-XX:MaxRAM=" + memoryLimitMib(deployment, module) + "m");
        jvm.addAll(List.of(match(JAVA_TOOL_OPTIONS, deployment, module + " JAVA_TOOL_OPTIONS").group(1).trim()
                .split("\\s+")));
        return jvm;
    }

    /** {@code module}'s Deployment as written. */
    static String deployment(Path root, String module) {
        try {
            return Files.readString(root.resolve("deploy/k8s/base/" + module + "/deployment.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The memory limit of the Deployment's container, in MiB. */
    static long memoryLimitMib(String deployment, String module) {
        return Long.parseLong(match(LIMIT, deployment, module + " memory limit").group(1));
    }

    /** The first match of {@code pattern} in a Deployment; {@code what} names it when there is none. */
    static Matcher match(Pattern pattern, String deployment, String what) {
        Matcher m = pattern.matcher(deployment);
        if (!m.find()) {
            throw new IllegalStateException(what + " not found in its deployment.yaml");
        }
        return m;
    }

    /**
     * A benchmarked gateway's JVM: {@code base}, then {@code -Dbenchmark.jvm="…"} (options to compare), and with
     * {@code -Dbenchmark.profile=true} a JFR profile to system-tests/target/{@code jfrName}.
     */
    static List<String> gatewayJvm(Path root, List<String> base, String jfrName) {
        List<String> jvm = new ArrayList<>(base);
        String extra = System.getProperty("benchmark.jvm", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        if (Boolean.getBoolean("benchmark.profile")) {
            jvm.add("-XX:StartFlightRecording=settings=profile,method-profiling=max,filename="
                    + root.resolve("system-tests/target/" + jfrName));
        }
        return jvm;
    }

    /** The most heap {@code -XX:MaxRAMPercentage=70} gives a pod with a memory limit of {@code limitMib}. */
    static long heapMib(long limitMib) {
        return limitMib * 70 / 100;
    }
}
