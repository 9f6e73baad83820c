package io.syncid.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.syncid.testkit.ServiceProcess;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.internal.FreePorts;

/**
 * Start time and resident memory of each packaged service against what its Kubernetes Deployment grants it: the
 * startup probe's budget (periodSeconds × failureThreshold) and the memory limit. Each service starts alone on the
 * embedded servers with the JVM its pod would run (the JVM seeing the limit as its memory, {@code MaxRAMPercentage=70}
 * of it as the most heap, the serial collector: {@link BenchServices#podJvm});
 * start time is from spawning the JVM to {@code /q/health/ready} answering 200, RSS is VmRSS after 5 s idle. Run with
 * {@code ./mvnw -B -pl system-tests -am -DskipTests -Pbenchmark-footprint verify}.
 */
public final class ServiceFootprintBenchmark {

    static final List<String> SERVICES = List.of("sync-gateway", "queue-consolidator", "remote-writer",
            "tombstone-service", "migration-worker");
    private static final Pattern PERIOD = Pattern.compile("periodSeconds:\\s*(\\d+)");
    private static final Pattern THRESHOLD = Pattern.compile("failureThreshold:\\s*(\\d+)");

    private ServiceFootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("syncid.root", ".")).toAbsolutePath().normalize();
        Path logs = root.resolve("system-tests/target");
        try (SyncInfrastructure infra = SyncInfrastructure.start(null, 3)) {
            Map<String, String> config = BenchServices.config(infra, root);
            for (String module : SERVICES) {
                String deployment = BenchServices.deployment(root, module);
                long limitMib = BenchServices.memoryLimitMib(deployment, module);
                // The first period and threshold after "startupProbe:" are the startup probe's own.
                String probe = deployment.substring(deployment.indexOf("startupProbe:") + 1);
                long budgetSeconds = Long
                        .parseLong(BenchServices.match(PERIOD, probe, module + " startup period").group(1))
                        * Long.parseLong(BenchServices.match(THRESHOLD, probe, module + " startup threshold").group(1));
                long heapMib = BenchServices.heapMib(limitMib);
                long start = System.nanoTime();
                try (ServiceProcess service = ServiceProcess.start(module, ServiceProcess.jarOf(root, module),
                        FreePorts.next(), config, logs.resolve("footprint-" + module + ".log"),
                        BenchServices.podJvm(root, module))) {
                    double startSeconds = (System.nanoTime() - start) / 1e9;
                    Thread.sleep(5_000);
                    double rssMib = CpuMeter.rssKib(service.pid()) / 1024.0;
                    System.out.printf(Locale.ROOT, "FOOTPRINT %s: ready in %.1f s (startup budget %d s), RSS %.0f MiB "
                            + "idle (limit %d MiB, heap at most %d MiB)%n", module, startSeconds, budgetSeconds, rssMib,
                            limitMib,
                            heapMib);
                    BenchmarkReport.figure("Services", module + " start: JVM spawn -> /q/health/ready",
                            budgetSeconds + " s (startup probe budget)", BenchmarkReport.format(startSeconds, 1, "s"),
                            startSeconds / budgetSeconds, "< budget", startSeconds < budgetSeconds);
                    BenchmarkReport.figure("Services", module + " RSS after start, idle (heap <= " + heapMib + " MiB)",
                            limitMib + " MiB (pod memory limit)", BenchmarkReport.format(rssMib, 0, "MiB"),
                            rssMib / limitMib, "< limit", rssMib < limitMib);
                }
            }
        }
    }
}
