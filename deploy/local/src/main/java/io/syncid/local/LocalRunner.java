package io.syncid.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.syncid.testkit.SyncInfrastructure;

/**
 * Starts the whole system on one machine: Kafka (KRaft), dynalite, S3Proxy and PostgreSQL as child processes with
 * their data under one directory, then every service module that has been built, and stops everything on Ctrl-C.
 */
public final class LocalRunner {

    /** The services in pipeline order; a module that does not exist yet (or is not built) is skipped. */
    static final List<ServiceModule> SERVICES = List.of(
            new ServiceModule("sync-gateway", 0),
            new ServiceModule("queue-consolidator", 1),
            new ServiceModule("remote-writer", 2),
            new ServiceModule("tombstone-service", 3),
            new ServiceModule("migration-worker", 4));

    /** One Quarkus service module and its port offset from the base port. */
    record ServiceModule(String name, int portOffset) {
    }

    private final RunnerOptions options;
    private final List<Process> services = new ArrayList<>();
    private SyncInfrastructure infra;

    private LocalRunner(RunnerOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        RunnerOptions options = RunnerOptions.parse(args);
        if (options == null) {
            System.out.println(RunnerOptions.USAGE);
            return;
        }
        new LocalRunner(options).run();
    }

    private void run() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll();
            stopped.countDown();
        }, "syncid-local-shutdown"));

        Path dataDir = options.dataDir().toAbsolutePath();
        Files.createDirectories(dataDir.resolve("logs"));
        ServicePids pids = new ServicePids(dataDir.resolve("pids"));
        pids.reapStale();
        log("data directory: " + dataDir);
        infra = SyncInfrastructure.start(dataDir.resolve("infra"), options.partitions());
        Map<String, String> config = infra.serviceConfig();
        log("kafka       " + infra.kafka().bootstrapServers() + "  (topics: " + options.partitions() + " partitions)");
        log("dynamodb    " + infra.dynamo().endpoint()
                + "  (dynalite; tables Documents, OperationOutcomes, SyncMetadata)");
        log("s3          " + infra.s3().endpoint() + "  (S3Proxy; bucket " + SyncInfrastructure.BUCKET + ")");
        log("postgresql  " + infra.postgres().jdbcUrl());

        for (ServiceModule module : SERVICES) {
            Path jar = options.repoRoot().resolve(module.name()).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                continue;
            }
            int port = options.basePort() + module.portOffset();
            Process process = startService(module, jar, port, config, dataDir);
            services.add(process);
            pids.record(module.name(), process);
            waitReady(module, process, port, dataDir);
            log(String.format("%-20s http://localhost:%d  (OpenAPI /q/openapi, health /q/health, metrics /q/metrics)",
                    module.name(), port));
        }
        if (services.isEmpty()) {
            log("no service module is built yet: only the servers run");
        }
        log("token       deploy/local/token.sh <userId>   prints a device token for the local gateway");
        System.out.println("syncid local is READY (" + services.size() + " services). Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
    }

    private Process startService(ServiceModule module, Path jar, int port, Map<String, String> config, Path dataDir)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        Map<String, String> props = new LinkedHashMap<>(config);
        props.put("quarkus.http.port", Integer.toString(port));
        props.put("syncid.s3.path-style", "true");
        props.put("mp.jwt.verify.publickey.location",
                options.repoRoot().resolve("deploy/local/dev-keys/publicKey.pem").toUri().toString());
        props.put("syncid.gateway.pull.partitions", Integer.toString(options.partitions()));
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        Path logFile = dataDir.resolve("logs").resolve(module.name() + ".log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    private static void waitReady(ServiceModule module, Process process, int port, Path dataDir)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI ready = URI.create("http://localhost:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module.name() + " exited with " + process.exitValue() + "; see "
                        + dataDir.resolve("logs").resolve(module.name() + ".log"));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(module.name() + " did not become ready on port " + port);
    }

    private synchronized void stopAll() {
        for (Process p : services) {
            p.destroy();
        }
        for (Process p : services) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        services.clear();
        if (infra != null) {
            infra.close();
            infra = null;
            log("stopped");
        }
    }

    private static void log(String line) {
        System.out.println("[syncid-local] " + line);
    }
}
