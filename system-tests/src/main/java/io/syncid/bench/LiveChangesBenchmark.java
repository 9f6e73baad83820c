package io.syncid.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.EventJson;
import io.syncid.model.SyncId;
import io.syncid.testkit.ServiceProcess;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.auth.DevJwt;
import io.syncid.testkit.internal.FreePorts;

/**
 * Live changes (issue #15), in one run over the whole data path (gateway, consolidator and writer as packaged
 * processes, 3 partitions). (1) Notification latency: 2N pushes (N = 200, {@code -Dbenchmark.records}) of one
 * CREATE each, a new one every 250 ms, each to its own user so that no device still sees the previous change as
 * young; from the 202 on device A to the answer of device B that holds that document: (a) ours, B holds
 * {@code GET /v1/documents?since=…&wait=30} from before the push; (b) baseline, B polls {@code GET /v1/documents?since=…}
 * every second at a random phase, as devices do today. The two alternate push by push (after 30 untimed pushes), so
 * both meet the same machine. Prints p50/p90/p99/max of both and their ratio. (2) Idle held
 * connections: C long-polls ({@code -Dbenchmark.connections}, default 10 000; 4 per user, below the per-user cap; the
 * per-replica cap and the longest wait raised for the run so that none expires while measured), opened in steps of
 * 250 once the gateway's {@code sync_gateway_held_requests} shows the previous step held; then the gateway's RSS
 * ({@code VmRSS}) against before, and its CPU over a 20-second idle window. The gateway runs as its pod runs it:
 * the Deployment's options with the JVM seeing its pod's 768 MiB ({@link BenchServices#podJvm}: at most 537 MiB of
 * heap, the serial collector; {@code -Dbenchmark.jvm="…"} adds options). Run with
 * {@code ./mvnw -B -ntp -o -pl system-tests -DskipTests -Pbenchmark-live verify}.
 */
public final class LiveChangesBenchmark {

    private static final long INTERVAL_MILLIS = 250;
    private static final long LEAD_MILLIS = 1500;
    private static final int PER_USER = 4;
    private static final int STEP = 250;
    private static final int IDLE_WAIT_SECONDS = 300;

    private LiveChangesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pushes = Integer.getInteger("benchmark.records", 200);
        int connections = Integer.getInteger("benchmark.connections", 10_000);
        Path root = Path.of(System.getProperty("syncid.root", ".")).toAbsolutePath().normalize();
        Path logs = root.resolve("system-tests/target");
        try (SyncInfrastructure infra = SyncInfrastructure.start(null, 3)) {
            Map<String, String> config = BenchServices.config(infra, root);
            Map<String, String> gatewayConfig = new LinkedHashMap<>(config);
            gatewayConfig.put("syncid.gateway.live.max-held-total", Integer.toString(connections + 1000));
            gatewayConfig.put("syncid.gateway.live.max-wait-seconds", Integer.toString(IDLE_WAIT_SECONDS));
            gatewayConfig.put("syncid.gateway.auth.token-cache-size", Integer.toString(connections + 1000));
            System.getProperties().stringPropertyNames().stream()
                    .filter(k -> k.startsWith("benchmark.gateway."))
                    .forEach(k -> gatewayConfig.put(k.substring("benchmark.gateway.".length()),
                            System.getProperty(k)));
            List<ServiceProcess> services = new ArrayList<>();
            try {
                services.add(ServiceProcess.start("remote-writer", ServiceProcess.jarOf(root, "remote-writer"),
                        FreePorts.next(), config, logs.resolve("live-benchmark-writer.log"), List.of("-Xmx512m")));
                services.add(ServiceProcess.start("queue-consolidator",
                        ServiceProcess.jarOf(root, "queue-consolidator"), FreePorts.next(), config,
                        logs.resolve("live-benchmark-consolidator.log"), List.of("-Xmx512m")));
                ServiceProcess gateway = ServiceProcess.start("sync-gateway",
                        ServiceProcess.jarOf(root, "sync-gateway"),
                        FreePorts.next(), gatewayConfig, logs.resolve("live-benchmark-gateway.log"),
                        BenchServices.gatewayJvm(root, BenchServices.podJvm(root, "sync-gateway"), "live-gateway.jfr"));
                services.add(gateway);
                DevJwt signer = DevJwt.fromPem(root.resolve("deploy/local/dev-keys/privateKey.pem"),
                        DevJwt.DEV_ISSUER);
                Latency latency = new Latency(gateway.baseUri(), signer);
                // Warm-up: the JIT compiles the whole path (and Kafka's consumers settle) before anything counts.
                latency.run("warm", 30);
                // Long-poll and polling pushes alternate in one run, so both meet the same machine (its load varies
                // by the minute here).
                ScheduledRun measured = latency.run("live", 2 * pushes);
                double[] ours = measured.latencies(0);
                double[] polled = measured.latencies(1);
                print("LONG-POLL (ours) GET /v1/documents?since=…&wait=30", ours, pushes);
                print("BASELINE polling GET /v1/documents?since=… every 1 s", polled, pushes);
                System.out.printf(Locale.ROOT, "RATIO baseline/ours: p50 %.1fx, p99 %.1fx (goal: ours p99 <= 300 ms)%n",
                        percentile(polled, 50) / percentile(ours, 50), percentile(polled, 99) / percentile(ours, 99));
                BenchmarkReport.samples("live-long-poll", ours);
                BenchmarkReport.figure("Live changes", "push -> another device sees it, p99: polling every 1 s vs "
                        + "long-poll (wait=30)", BenchmarkReport.format(percentile(polled, 99), 0, "ms"),
                        BenchmarkReport.format(percentile(ours, 99), 0, "ms"), percentile(ours, 99)
                                / percentile(polled, 99),
                        "ours <= 300 ms", percentile(ours, 99) <= 300);
                idle(gateway, signer, connections);
            } finally {
                for (int i = services.size() - 1; i >= 0; i--) {
                    services.get(i).close();
                }
            }
        }
    }

    /** One push per user, each on its own schedule; the latencies in milliseconds, in push order. */
    private static final class Latency {

        private final URI base;
        private final DevJwt signer;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        Latency(URI base, DevJwt signer) {
            this.base = base;
            this.signer = signer;
        }

        /** Pushes {@code pushes} times; even pushes are watched by a long-poll, odd ones by polling. */
        ScheduledRun run(String name, int pushes) throws Exception {
            ScheduledRun run = new ScheduledRun(pushes);
            var scheduler = Executors.newScheduledThreadPool(2);
            ExecutorService devices = Executors.newCachedThreadPool();
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEAD_MILLIS + 500);
            for (int i = 0; i < pushes; i++) {
                int n = i;
                String user = "live-" + name + "-" + i;
                String token = "Bearer " + signer.token(user);
                SyncId syncId = SyncId.random();
                long pushAt = start + TimeUnit.MILLISECONDS.toNanos(i * INTERVAL_MILLIS);
                scheduler.schedule(() -> devices.submit(() -> deviceB(run, n, token, syncId.toString(), n % 2 == 0)),
                        pushAt - TimeUnit.MILLISECONDS.toNanos(LEAD_MILLIS) - System.nanoTime(), TimeUnit.NANOSECONDS);
                scheduler.schedule(() -> devices.submit(() -> deviceA(run, n, token, syncId)),
                        pushAt - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            if (!run.done.await(pushes * INTERVAL_MILLIS + 60_000, TimeUnit.MILLISECONDS)) {
                System.out.println("WARN " + name + ": " + run.done.getCount() + " of " + pushes
                        + " pushes not seen by device B within 60 s");
            }
            scheduler.shutdownNow();
            devices.shutdownNow();
            if (run.failures.get() > 0) {
                System.out.println("WARN " + name + ": " + run.failures.get() + " device errors; first: "
                        + run.firstFailure);
            }
            return run;
        }

        private Object deviceA(ScheduledRun run, int n, String token, SyncId syncId) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/changes"))
                        .header("Authorization", token).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(create(syncId))).build(),
                        HttpResponse.BodyHandlers.ofString());
                long at = System.nanoTime();
                if (response.statusCode() != 202 || !response.body().contains("\"ACCEPTED\"")) {
                    throw new IllegalStateException("push answered " + response.statusCode() + ": "
                            + response.body());
                }
                run.accepted[n] = at;
            } catch (Exception e) {
                run.fail(e);
            }
            return null;
        }

        /**
         * Device B: a full pull for its cursor, then long-polls (or polls every second from a random phase) until an
         * answer holds the pushed document.
         */
        private Object deviceB(ScheduledRun run, int n, String token, String syncId, boolean held) {
            try {
                JsonNode page = get(token, "/v1/documents");
                String cursor = page.get("nextCursor").asText();
                long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                        ThreadLocalRandom.current().nextLong(1000));
                while (!Thread.currentThread().isInterrupted()) {
                    if (!held) {
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) {
                            TimeUnit.NANOSECONDS.sleep(sleep);
                        }
                        next += TimeUnit.SECONDS.toNanos(1);
                    }
                    String path = "/v1/documents?since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)
                            + (held ? "&wait=30" : "");
                    page = get(token, path);
                    long at = System.nanoTime();
                    for (JsonNode doc : page.get("documents")) {
                        if (syncId.equals(doc.get("syncId").asText())) {
                            run.seen[n] = at;
                            run.done.countDown();
                            return null;
                        }
                    }
                    cursor = page.get("nextCursor").asText();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                run.fail(e);
            }
            return null;
        }

        private JsonNode get(String token, String path) throws IOException, InterruptedException {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", token).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return EventJson.mapper().readTree(response.body());
        }
    }

    /** The instants of one run's pushes: 202 received on A, document received on B. */
    private static final class ScheduledRun {

        final long[] accepted;
        final long[] seen;
        final java.util.concurrent.CountDownLatch done;
        final AtomicInteger failures = new AtomicInteger();
        volatile String firstFailure;

        ScheduledRun(int pushes) {
            this.accepted = new long[pushes];
            this.seen = new long[pushes];
            this.done = new java.util.concurrent.CountDownLatch(pushes);
        }

        void fail(Exception e) {
            if (failures.getAndIncrement() == 0) {
                firstFailure = e.toString();
            }
            done.countDown();
        }

        /** Milliseconds from 202 to B's answer, of every push both ends saw. */
        double[] latencies(int parity) {
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < accepted.length; i++) {
                if (i % 2 == parity && accepted[i] != 0 && seen[i] != 0) {
                    out.add((seen[i] - accepted[i]) / 1e6);
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** One CREATE, about as large as a device's. */
    private static String create(SyncId syncId) {
        return "{\"deviceId\":\"device-a\",\"operations\":[{\"opId\":\"" + SyncId.random() + "\",\"syncId\":\""
                + syncId + "\",\"type\":\"CREATE\",\"occurredAt\":\"" + Instant.now()
                + "\",\"document\":{\"title\":\"Home insurance policy\",\"category\":\"insurance\",\"fields\":"
                + "{\"renewal\":\"2027-01-31\",\"policyNumber\":\"HX-2291-4410\"},\"attachments\":[]}}]}";
    }

    private static void print(String name, double[] millis, int pushes) {
        System.out.printf(Locale.ROOT, "%s: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms, mean %.0f ms (%d of %d "
                + "pushes seen)%n", name, percentile(millis, 50), percentile(millis, 90), percentile(millis, 99),
                percentile(millis, 100), Arrays.stream(millis).average().orElse(Double.NaN), millis.length, pushes);
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * Opens {@code connections} long-polls (a device's loop: each answer is followed by the next poll) and measures
     * the gateway while they wait.
     */
    private static void idle(ServiceProcess gateway, DevJwt signer, int connections) throws Exception {
        URI base = gateway.baseUri();
        HttpClient metricsClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long rssBefore = CpuMeter.rssKib(gateway.pid());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        AtomicLong answers = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        Map<String, String> firstError = new ConcurrentHashMap<>();
        int opened = 0;
        long openStart = System.nanoTime();
        String[] tokens = new String[(connections + PER_USER - 1) / PER_USER];
        for (int u = 0; u < tokens.length; u++) {
            tokens[u] = "Bearer " + signer.token("idle-" + u);
        }
        String cursor = null;
        while (opened < connections) {
            int step = Math.min(STEP, connections - opened);
            for (int c = opened; c < opened + step; c++) {
                String token = tokens[c / PER_USER];
                if (cursor == null) {
                    cursor = fullPullCursor(http, base, token);
                }
                hold(http, base, token, cursor, answers, errors, firstError);
            }
            opened += step;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (held(metricsClient, base) < opened && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        // Settle: the last requests' pulls end and the JIT and GC quiet down before the idle window.
        Thread.sleep(5_000);
        CpuMeter cpu = new CpuMeter();
        cpu.add("gateway", gateway.pid());
        long answersBefore = answers.get();
        Map<String, Double> before = cpu.snapshot();
        long windowStart = System.nanoTime();
        Thread.sleep(20_000);
        double window = (System.nanoTime() - windowStart) / 1e9;
        Map<String, Double> after = cpu.snapshot();
        int heldNow = held(metricsClient, base);
        long rssAfter = CpuMeter.rssKib(gateway.pid());
        String heap = jcmd(gateway.pid(), "GC.run") + jcmd(gateway.pid(), "GC.heap_info");
        String histogram = Boolean.getBoolean("benchmark.histogram") ? jcmd(gateway.pid(), "GC.class_histogram") : "";
        Thread.sleep(3_000);
        long rssAfterGc = CpuMeter.rssKib(gateway.pid());
        double gatewayCpu = after.get("gateway") - before.get("gateway");
        double clientCpu = after.get("benchmark") - before.get("benchmark");
        System.out.printf(Locale.ROOT,
                "IDLE HELD long-polls: %d held by the gateway (sync_gateway_held_requests) of %d "
                        + "opened in %.1f s (%d users, %d each; %d refusals retried%s)%n",
                heldNow, connections, openSeconds,
                tokens.length, PER_USER, errors.get(), firstError.isEmpty()
                        ? ""
                        : ", first: " + firstError.values()
                                .iterator().next());
        System.out.printf(Locale.ROOT, "IDLE GATEWAY RSS: %.0f MiB held (VmRSS) vs %.0f MiB before (after the latency "
                + "runs): +%.1f KiB per connection (goal: <= 512 MiB with 10k)%n", rssAfter / 1024.0,
                rssBefore / 1024.0,
                (rssAfter - rssBefore) / (double) Math.max(1, heldNow));
        BenchmarkReport.figure("Live changes", "gateway RSS with " + heldNow + " idle long-polls held (of "
                + connections + " opened)", BenchmarkReport.format(rssBefore / 1024.0, 0, "MiB before"),
                BenchmarkReport.format(rssAfter / 1024.0, 0, "MiB held"), null, "<= 512 MiB with 10k",
                rssAfter / 1024.0 <= 512);
        System.out.printf(Locale.ROOT, "IDLE GATEWAY RSS after a full GC (jcmd GC.run): %.0f MiB; heap: %s%n",
                rssAfterGc / 1024.0, heap.lines().filter(l -> l.contains("generation") && l.contains("used"))
                        .map(String::trim).collect(Collectors.joining("; ")));
        // -Dbenchmark.histogram=true: what the held requests keep on the heap (jcmd GC.class_histogram, top 40).
        histogram.lines().limit(43).forEach(System.out::println);
        System.out.printf(Locale.ROOT, "IDLE GATEWAY CPU: %.2f s over %.1f s idle (%.1f %% of one core); this client "
                + "%.2f s; %d answers during the window (none expected)%n", gatewayCpu, window,
                100 * gatewayCpu / window, clientCpu, answers.get() - answersBefore);
    }

    private static String fullPullCursor(HttpClient http, URI base, String token) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/documents"))
                .header("Authorization", token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return EventJson.mapper().readTree(response.body()).get("nextCursor").asText();
    }

    /** One held long-poll; on its answer, the next (a device's loop). */
    private static void hold(HttpClient http, URI base, String token, String cursor, AtomicLong answers,
            AtomicInteger errors, Map<String, String> firstError) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/documents?since="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8) + "&wait=" + IDLE_WAIT_SECONDS))
                .header("Authorization", token).timeout(Duration.ofSeconds(IDLE_WAIT_SECONDS + 60)).GET().build();
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        sent.whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() != 200) {
                // A device retries a refusal (503 while the store is busy, 429) after Retry-After; so does this one.
                errors.incrementAndGet();
                firstError.putIfAbsent("first", failure != null
                        ? failure.toString()
                        : response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
                long after = failure != null ? 1 : response.headers().firstValueAsLong("Retry-After").orElse(1);
                CompletableFuture.delayedExecutor(after, TimeUnit.SECONDS)
                        .execute(() -> hold(http, base, token, cursor, answers, errors, firstError));
                return;
            }
            answers.incrementAndGet();
            hold(http, base, token, cursor, answers, errors, firstError);
        });
    }

    /** The gateway's {@code sync_gateway_held_requests} gauge. */
    private static int held(HttpClient http, URI base) throws Exception {
        String text = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("sync_gateway_held_requests")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (int) sum;
    }

    /** The output of {@code jcmd <pid> <command>} (the JDK's own tool), or the failure. */
    private static String jcmd(long pid, String command) {
        try {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
