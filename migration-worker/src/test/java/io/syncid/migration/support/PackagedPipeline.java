package io.syncid.migration.support;

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

import io.syncid.testkit.ServiceProcess;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.internal.FreePorts;

/**
 * The migration's whole path as real processes, for the crash and replica tests: the four servers of sync-testkit, the
 * packaged queue-consolidator and remote-writer (which apply the IMPORTs), and packaged migration-worker replicas
 * started and killed by the test. Everything stops on close.
 */
public final class PackagedPipeline implements AutoCloseable {

    /** The repository root (surefire passes it; {@code ..} from the module directory otherwise). */
    public static final Path ROOT = Path.of(System.getProperty("syncid.root", "..")).toAbsolutePath().normalize();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final SyncInfrastructure infra;
    private final Map<String, String> config;
    private final Path logs;
    private final List<ServiceProcess> services = new ArrayList<>();

    private PackagedPipeline(SyncInfrastructure infra) throws IOException {
        this.infra = infra;
        this.config = new LinkedHashMap<>(infra.serviceConfig());
        config.put("mp.jwt.verify.publickey.location",
                ROOT.resolve("deploy/local/dev-keys/publicKey.pem").toUri().toString());
        this.logs = ROOT.resolve("migration-worker/target/it-logs");
        Files.createDirectories(logs);
    }

    /** Starts the servers ({@code partitions} per topic), then the consolidator and the writer. */
    public static PackagedPipeline start(int partitions) {
        SyncInfrastructure infra = SyncInfrastructure.start(null, partitions);
        try {
            PackagedPipeline pipeline = new PackagedPipeline(infra);
            pipeline.service("queue-consolidator", "consolidator", Map.of());
            pipeline.service("remote-writer", "writer", Map.of());
            return pipeline;
        } catch (IOException | RuntimeException e) {
            infra.close();
            throw e instanceof IOException io ? new IllegalStateException(io) : (RuntimeException) e;
        }
    }

    public SyncInfrastructure infra() {
        return infra;
    }

    /**
     * Starts a worker replica named {@code instance}; returns once it is ready. Its consumers' session timeout is short
     * so that a killed replica's partitions move on within seconds, not Kafka's default 45.
     */
    public ServiceProcess worker(String instance) {
        return service("migration-worker", instance,
                Map.of("syncid.migration.session-timeout", "8s", "syncid.migration.progress-every", "500"));
    }

    private ServiceProcess service(String module, String instance, Map<String, String> extra) {
        Map<String, String> own = new LinkedHashMap<>(config);
        own.putAll(extra);
        ServiceProcess service = ServiceProcess.start(module + "-" + instance, ServiceProcess.jarOf(ROOT, module),
                FreePorts.next(), own, logs.resolve(module + "-" + instance + "-" + System.nanoTime() + ".log"),
                List.of("-Xmx384m"));
        services.add(service);
        return service;
    }

    /** The Prometheus text of {@code service}. */
    public static String metrics(ServiceProcess service) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUri() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the sample {@code series} (name and labels as exported) in a scrape. */
    public static double sample(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " not exported"));
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (RuntimeException e) {
                // keep stopping the others
            }
        }
        infra.close();
    }
}
