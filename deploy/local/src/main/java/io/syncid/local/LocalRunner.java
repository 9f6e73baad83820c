package io.syncid.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.syncid.testkit.ServiceProcess;
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
    private final List<ServiceProcess> services = new ArrayList<>();
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
        log("data directory: " + dataDir);
        infra = SyncInfrastructure.start(dataDir.resolve("infra"), options.partitions());
        Map<String, String> config = infra.serviceConfig();
        log("kafka       " + infra.kafka().bootstrapServers() + "  (topics: " + options.partitions() + " partitions)");
        log("dynamodb    " + infra.dynamo().endpoint()
                + "  (dynalite; tables Documents, OperationOutcomes, SyncMetadata)");
        log("s3          " + infra.s3().endpoint() + "  (S3Proxy; bucket " + SyncInfrastructure.BUCKET + ")");
        log("postgresql  " + infra.postgres().jdbcUrl());

        for (ServiceModule module : SERVICES) {
            Path jar = ServiceProcess.jarOf(options.repoRoot(), module.name());
            if (!Files.exists(jar)) {
                continue;
            }
            int port = options.basePort() + module.portOffset();
            services.add(ServiceProcess.start(module.name(), jar, port, serviceConfig(config),
                    dataDir.resolve("logs").resolve(module.name() + ".log"), List.of("-Xmx512m")));
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

    /** What every service gets beyond the servers' addresses: the local JWT key. */
    private Map<String, String> serviceConfig(Map<String, String> servers) {
        Map<String, String> config = new LinkedHashMap<>(servers);
        config.put("mp.jwt.verify.publickey.location",
                options.repoRoot().resolve("deploy/local/dev-keys/publicKey.pem").toUri().toString());
        return config;
    }

    private synchronized void stopAll() {
        for (ServiceProcess service : services) {
            service.close();
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
