package io.syncid.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.syncid.model.SyncId;
import io.syncid.testkit.ServiceProcess;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.auth.DevJwt;
import io.syncid.testkit.internal.FreePorts;

/**
 * The gateway's ingest rate against Kafka's own: in one run, ProducerPerformance (512-byte records, acks=all) and
 * {@code POST /v1/changes} with batches of 100 CREATEs whose Kafka records are about 512 bytes, from several
 * concurrent HTTP clients with a valid token; prints both and their ratio, in alternating rounds.
 */
public final class GatewayIngestBenchmark {

    private static final int BATCH = 100;

    private GatewayIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("benchmark.records", 400_000);
        int clients = Integer.getInteger("benchmark.clients", 48);
        int rounds = Math.max(1, Integer.getInteger("benchmark.rounds", 3));
        Path root = Path.of(System.getProperty("syncid.root", ".")).toAbsolutePath().normalize();
        try (SyncInfrastructure infra = SyncInfrastructure.start(null, 6)) {
            KafkaProducerBaselineBenchmark.warmUp(infra.kafka());

            try (ServiceProcess gateway = ServiceProcess.start("sync-gateway",
                    ServiceProcess.jarOf(root, "sync-gateway"), FreePorts.next(), gatewayConfig(infra, root),
                    root.resolve("system-tests/target/gateway-benchmark.log"),
                    BenchServices.gatewayJvm(root, List.of("-Xmx1g"), "gateway.jfr"))) {
                String token = "Bearer " + DevJwt.fromPem(root.resolve("deploy/local/dev-keys/privateKey.pem"),
                        DevJwt.DEV_ISSUER).token("bench-user");
                URI changes = gateway.baseUri().resolve("/v1/changes");
                // Warm-up: the JIT compiles the ingest path before the clock starts, as it would in a long-lived server.
                run(changes, token, clients, Math.max(records / 4, 100 * BATCH));
                // Baseline and gateway alternate, round by round: this machine's speed drifts between minutes (the
                // same ProducerPerformance command varied 1.8x between runs), and a ratio is only fair when both of
                // its parts met the same machine. The median round is the result.
                double[] baselines = new double[rounds];
                double[] gateways = new double[rounds];
                double[] ratios = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    baselines[r] = KafkaProducerBaselineBenchmark.measureOnce(infra.kafka(), records);
                    gateways[r] = run(changes, token, clients, records);
                    ratios[r] = gateways[r] / baselines[r];
                    System.out.printf(Locale.ROOT, "ROUND %d: baseline %.1f records/s, gateway %.1f accepted "
                            + "operations/s, ratio %.3f%n", r + 1, baselines[r], gateways[r], ratios[r]);
                }
                System.out.printf(Locale.ROOT, "BASELINE kafka ProducerPerformance: %.1f records/s (median of %d "
                        + "rounds; %d records of %d bytes, acks=all, idempotent)%n", median(baselines), rounds,
                        records, KafkaProducerBaselineBenchmark.RECORD_SIZE);
                System.out.printf(Locale.ROOT, "GATEWAY POST /v1/changes: %.1f accepted operations/s (median of %d "
                        + "rounds; %d operations in batches of %d, %d concurrent clients)%n", median(gateways),
                        rounds, records, BATCH, clients);
                System.out.printf(Locale.ROOT, "RATIO gateway/baseline: %.3f (median round; rounds %s; goal >= 0.5)%n",
                        median(ratios), Arrays.stream(ratios).mapToObj(x -> String.format(Locale.ROOT, "%.3f", x))
                                .collect(Collectors.joining(", ")));
                BenchmarkReport.figure("Kafka baseline",
                        "ProducerPerformance, " + KafkaProducerBaselineBenchmark.RECORD_SIZE
                                + "-byte records, acks=all, idempotent (median of " + rounds + " rounds)",
                        "—",
                        BenchmarkReport.format(median(baselines), 0, "records/s"), null, "—", null);
                BenchmarkReport.figure("Gateway ingest", "POST /v1/changes, batches of " + BATCH + ", " + clients
                        + " clients, until ACCEPTED (median round)",
                        BenchmarkReport.format(median(baselines), 0,
                                "records/s (Kafka producer)"),
                        BenchmarkReport.format(median(gateways), 0, "ops/s"),
                        median(ratios), ">= 0.5", median(ratios) >= 0.5);
                printLatencies(gateway.baseUri().resolve("/q/metrics"));
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Mean server-side times from the gateway's own metrics: where a request's time goes. */
    private static void printLatencies(URI metrics) throws Exception {
        String text = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String meter : List.of("http_server_requests_seconds", "sync_gateway_kafka_send_seconds")) {
            double sum = 0;
            double count = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith(meter + "_sum") && (!meter.startsWith("http") || line.contains("/v1/changes"))) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith(meter + "_count")
                        && (!meter.startsWith("http") || line.contains("/v1/changes"))) {
                    count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            System.out.printf("PROFILE %s: mean %.1f ms over %.0f requests%n", meter, 1000 * sum / count, count);
        }
    }

    /**
     * The settings of a benchmarked gateway: the servers', the dev signing key, warnings only, a rate-limit burst no
     * round can empty (one user sends every request: the limiter's cost stays in the measurement without refusing the
     * load), and any {@code -Dbenchmark.gateway.<key>=<value>} passed through, for profiling runs.
     */
    static Map<String, String> gatewayConfig(SyncInfrastructure infra, Path root) {
        Map<String, String> config = BenchServices.config(infra, root);
        config.put("syncid.gateway.rate.capacity", "1000000000");
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("benchmark.gateway."))
                .forEach(k -> config.put(k.substring("benchmark.gateway.".length()), System.getProperty(k)));
        return config;
    }

    /** Sends {@code operations} operations in batches from {@code clients} threads; accepted operations per second. */
    private static double run(URI changes, String token, int clients, int operations) throws Exception {
        int batches = operations / BATCH;
        // Requests are encoded before the clock starts, as ProducerPerformance prepares its payload up front.
        List<byte[]> requests = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            requests.add(HttpLoadConnection.post(changes, token,
                    batch("bench-device-" + (b % clients)).getBytes(StandardCharsets.UTF_8)));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<HttpLoadConnection> connections = new ArrayList<>(clients);
        for (int c = 0; c < clients; c++) {
            connections.add(new HttpLoadConnection(changes));
        }
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (HttpLoadConnection connection : connections) {
            workers.add(pool.submit(() -> {
                for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                    HttpLoadConnection.Response response = connection.exchange(requests.get(b));
                    if (response.status() != 202) {
                        throw new IllegalStateException("push answered " + response.status() + ": "
                                + response.text());
                    }
                    accepted.addAndGet(response.count("\"ACCEPTED\""));
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        for (HttpLoadConnection connection : connections) {
            connection.close();
        }
        if (accepted.get() != (long) batches * BATCH) {
            throw new IllegalStateException("only " + accepted.get() + " of " + batches * BATCH + " accepted");
        }
        return accepted.get() / seconds;
    }

    /** 100 CREATEs; each one's Kafka record (the ChangeEvent JSON) is about 512 bytes. */
    private static String batch(String device) {
        StringBuilder body = new StringBuilder(64 * 1024).append("{\"deviceId\":\"").append(device)
                .append("\",\"operations\":[");
        String now = Instant.now().toString();
        for (int i = 0; i < BATCH; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"opId\":\"").append(SyncId.random()).append("\",\"syncId\":\"").append(SyncId.random())
                    .append("\",\"type\":\"CREATE\",\"occurredAt\":\"").append(now)
                    .append("\",\"document\":{\"title\":\"Home insurance policy ").append(i)
                    .append("\",\"category\":\"insurance\",\"fields\":{\"renewal\":\"2027-01-31\","
                            + "\"policyNumber\":\"HX-2291-4410\"},\"attachments\":[{\"fileName\":\"policy.pdf\","
                            + "\"contentType\":\"application/pdf\",\"size\":48213}]}}");
        }
        return body.append("]}").toString();
    }

}
