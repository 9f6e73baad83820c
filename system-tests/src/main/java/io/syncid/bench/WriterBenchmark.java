package io.syncid.bench;

import java.net.URI;
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
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.Attachment;
import io.syncid.model.EventJson;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.testkit.EventStream;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.ServiceProcess;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.auth.DevJwt;
import io.syncid.testkit.internal.FreePorts;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The remote-writer's apply rate against the store's own (issue #14), in one run: (1) baseline = conditional PutItem
 * of N new documents of the same size straight into dynalite at the concurrency that saturates it; (2) ours = the
 * same number of CREATEs pushed through gateway → consolidator → writer until every outcome is APPLIED on
 * {@code sync.results}; their ratio; (3) the capacity for one CREATE a request (a device editing live), and the
 * end-to-end latency from the 202 to the outcome visible in {@code GET /v1/operations} of single CREATEs at about 10 %
 * of that capacity (and, for comparison, at 10 % of the batched throughput, which single operations saturate);
 * (4) one against two writer replicas (measured once both own
 * partitions). Where the time goes: {@code CPU} lines (CPU seconds of every process per document: on a machine whose
 * cores every server shares, the throughput follows them), the writer's own mean times, and the latency phase's hops
 * from the record timestamps on the three topics. Run with {@code ./mvnw -B -pl system-tests -am -Pbenchmark-writer
 * verify}; {@code -Dbenchmark.records=N} (default 20000), {@code -Dbenchmark.profile=true} (a JFR of each writer in
 * {@code system-tests/target/writer-<n>.jfr}), {@code -Dbenchmark.jvm="…"} (JVM options or {@code -Dsyncid.writer.*}
 * settings of the writers, e.g. {@code -Dsyncid.writer.attachments.verify=false}).
 */
public final class WriterBenchmark {

    private static final int BATCH = 100;

    private WriterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int documents = Integer.getInteger("benchmark.records", 20_000);
        Path root = Path.of(System.getProperty("syncid.root", ".")).toAbsolutePath().normalize();
        try (SyncInfrastructure infra = SyncInfrastructure.start(null, 6)) {
            Map<String, String> config = BenchServices.config(infra, root);
            Path logs = root.resolve("system-tests/target");
            List<ServiceProcess> services = new ArrayList<>();
            try {
                ServiceProcess gateway = start(services, root, "sync-gateway", config, logs);
                ServiceProcess consolidator = start(services, root, "queue-consolidator", config, logs);
                ServiceProcess writer = start(services, root, "remote-writer", config, logs);
                CpuMeter cpu = new CpuMeter();
                cpu.add("dynalite", infra.dynamo().pid());
                cpu.add("kafka", infra.kafka().pid());
                cpu.add("s3", infra.s3().pid());
                cpu.add("gateway", gateway.pid());
                cpu.add("consolidator", consolidator.pid());
                cpu.add("writer", writer.pid());
                String token = DevJwt.fromPem(root.resolve("deploy/local/dev-keys/privateKey.pem"),
                        DevJwt.DEV_ISSUER).token("bench-writer");
                Pipeline pipeline = new Pipeline(gateway.baseUri(), token, infra.kafka().bootstrapServers());

                // Warm-up of both paths: the JIT and dynalite's LevelDB, before any clock starts.
                directPuts(infra.dynamo().client(), documents / 5, 16);
                pipeline.run(documents / 5);

                int best = 0;
                double baseline = 0;
                double putClientMillis = 0;
                for (int concurrency : new int[]{4, 16, 48, 96}) {
                    Map<String, Double> before = cpu.snapshot();
                    double rate = directPuts(infra.dynamo().client(), documents, concurrency);
                    Map<String, Double> used = cpu.used(before);
                    System.out.printf(Locale.ROOT, "BASELINE conditional PutItem x%d: %.1f documents/s; CPU %s%n",
                            concurrency, rate, cpu.since(before, documents, "doc"));
                    if (rate > baseline) {
                        baseline = rate;
                        best = concurrency;
                        putClientMillis = CpuMeter.millisPer(used, documents, "benchmark");
                    }
                }
                URI writerMetrics = writer.baseUri().resolve("/q/metrics");
                Map<String, Double> times = printWriterTimes(writerMetrics, "warm-up", Map.of());
                Map<String, Double> before = cpu.snapshot();
                double ours = pipeline.run(documents);
                Map<String, Double> pipelineUsed = cpu.used(before);
                System.out.printf(Locale.ROOT, "PIPELINE CPU %s%n", cpu.since(before, documents, "doc"));
                times = printWriterTimes(writerMetrics, "pipeline", times);
                System.out.printf(Locale.ROOT, "BASELINE direct conditional PutItem: %.1f documents/s "
                        + "(best concurrency %d, %d documents)%n", baseline, best, documents);
                System.out.printf(Locale.ROOT, "PIPELINE gateway -> consolidator -> 1 writer: %.1f documents/s "
                        + "(%d CREATEs until every outcome APPLIED)%n", ours, documents);
                System.out.printf(Locale.ROOT, "RATIO pipeline/baseline: %.3f (goal >= 0.8)%n", ours / baseline);
                // What this machine allows any writer: the servers' CPU for this pipeline's requests (the document
                // and its outcome in dynalite, the attachment's HEAD in S3, three topics in Kafka) plus one PutItem's
                // client work (the baseline's), with every core doing nothing else: no gateway, consolidator or
                // writer code at all.
                double servers = CpuMeter.millisPer(pipelineUsed, documents, "dynalite", "s3", "kafka");
                double ceiling = CpuMeter.ceiling(servers + putClientMillis);
                System.out.printf(Locale.ROOT, "CEILING on %d cores: servers %.2f ms/doc (dynalite, S3, Kafka in the "
                        + "pipeline run) + one PutItem's client %.2f ms/doc leave at most %.0f documents/s even if "
                        + "gateway, consolidator and writer cost nothing: ratio <= %.3f%n",
                        Runtime.getRuntime().availableProcessors(), servers, putClientMillis, ceiling,
                        ceiling / baseline);
                BenchmarkReport.figure("Writer", "ceiling of the ratio on this machine: servers' CPU of the pipeline "
                        + "run + one PutItem's client CPU, all cores, gateway/consolidator/writer free",
                        BenchmarkReport.format(baseline, 0, "docs/s"), BenchmarkReport.format(ceiling, 0, "docs/s"),
                        ceiling / baseline, "—", null);
                BenchmarkReport.figure("Writer", "new documents applied: direct conditional PutItem (best of 4-96 "
                        + "threads) vs CREATEs through gateway -> consolidator -> 1 writer until APPLIED, " + documents
                        + " documents", BenchmarkReport.format(baseline, 0, "docs/s"),
                        BenchmarkReport.format(ours, 0,
                                "docs/s"),
                        ours / baseline, ">= 0.8", ours / baseline >= 0.8);

                // The latency is measured with one operation a request, as a device that edits live sends them; the
                // capacity for that traffic is far below the batched throughput above (every request, transaction and
                // outcome carries one operation), so "~10 % of capacity" is taken of the single-operation capacity.
                int singles = Math.max(500, documents / 20);
                before = cpu.snapshot();
                double singleCapacity = pipeline.run(singles, 1);
                System.out.printf(Locale.ROOT,
                        "CAPACITY single-operation pushes (8 clients, %d CREATEs until APPLIED): "
                                + "%.1f operations/s; CPU %s%n",
                        singles, singleCapacity, cpu.since(before, singles, "op"));
                double saturating = Math.max(5, ours / 10);
                before = cpu.snapshot();
                double[] busy = pipeline.latencies(saturating, Duration.ofSeconds(20));
                System.out.printf(Locale.ROOT,
                        "LATENCY at 10 %% of the batched throughput, %.0f single-operation pushes/s "
                                + "(%.0f %% of their capacity) (%d ops): p50 %.1f ms, p99 %.1f ms, max %.1f ms; CPU %s%n",
                        saturating, 100 * saturating / singleCapacity, busy.length, percentile(busy, 50),
                        percentile(busy, 99), percentile(busy, 100), cpu.since(before, busy.length, "op"));
                double rate = Math.max(2, singleCapacity / 10);
                times = printWriterTimes(writerMetrics, "single-operation capacity and busy latency", times);
                before = cpu.snapshot();
                double[] latencies = pipeline.latencies(rate, Duration.ofSeconds(20));
                System.out.printf(Locale.ROOT, "LATENCY CPU %s%n", cpu.since(before, latencies.length, "op"));
                System.out.printf(Locale.ROOT, "LATENCY 202 -> outcome visible at %.0f ops/s, ~10 %% of the "
                        + "single-operation capacity (%d ops): p50 %.1f ms, p99 %.1f ms, max %.1f ms (goal p99 <= 250 ms)%n",
                        rate, latencies.length, percentile(latencies, 50), percentile(latencies, 99),
                        percentile(latencies, 100));
                BenchmarkReport.samples("end-to-end-latency", latencies);
                BenchmarkReport.figure("Writer", "single-operation pushes until APPLIED (8 clients, one CREATE a "
                        + "request) vs batches of " + BATCH, BenchmarkReport.format(ours, 0, "docs/s (batched)"),
                        BenchmarkReport.format(singleCapacity, 0, "ops/s (single)"), singleCapacity / ours, "—", null);
                BenchmarkReport.figure("End-to-end latency", String.format(Locale.ROOT, "202 -> outcome visible, p99 "
                        + "at %.0f single-operation pushes/s (10 %% of the batched throughput, %.0f %% of the "
                        + "single-operation capacity)", saturating, 100 * saturating / singleCapacity), "—",
                        BenchmarkReport.format(percentile(busy, 99), 1, "ms"), null, "—", null);
                BenchmarkReport.figure("End-to-end latency", String.format(Locale.ROOT, "202 -> outcome visible in "
                        + "GET /v1/operations, p50 at %.0f ops/s (~10 %% of the single-operation capacity), %d ops",
                        rate, latencies.length),
                        "—", BenchmarkReport.format(percentile(latencies, 50), 1, "ms"), null, "—", null);
                BenchmarkReport.figure("End-to-end latency", String.format(Locale.ROOT, "202 -> outcome visible in "
                        + "GET /v1/operations, p99 at %.0f ops/s", rate), "—", BenchmarkReport.format(
                                percentile(latencies, 99), 1, "ms"),
                        null, "<= 250 ms",
                        percentile(latencies, 99) <= 250);
                printWriterTimes(writerMetrics, "latency", times);
                pipeline.printHops();

                ServiceProcess second = start(services, root, "remote-writer", config, logs);
                cpu.add("writer-2", second.pid());
                awaitTwoWriters(infra.kafka());
                before = cpu.snapshot();
                double two = pipeline.run(documents);
                System.out.printf(Locale.ROOT, "PIPELINE 2 writers CPU %s%n", cpu.since(before, documents, "doc"));
                System.out.printf(Locale.ROOT, "REPLICAS 1 writer: %.1f documents/s, 2 writers: %.1f documents/s "
                        + "(x%.2f)%n", ours, two, two / ours);
                BenchmarkReport.figure("Writer", "replicas: 1 writer vs 2 writers (one store, one 2-core machine)",
                        BenchmarkReport.format(ours, 0, "docs/s (1 writer)"), BenchmarkReport.format(two, 0,
                                "docs/s (2 writers)"),
                        two / ours, "—", null);
            } finally {
                for (int i = services.size() - 1; i >= 0; i--) {
                    services.get(i).close();
                }
            }
        }
    }

    private static ServiceProcess start(List<ServiceProcess> services, Path root, String module,
            Map<String, String> config, Path logs) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx768m"));
        if (module.equals("sync-gateway")) {
            // The latency phase asks for its outcomes every 5 ms: what is measured is the pipeline, not the per-user
            // rate limit a device polling that often would meet (a device long-polls or listens to the stream).
            config = new LinkedHashMap<>(config);
            config.put("syncid.gateway.rate.enabled", "false");
        }
        if (module.equals("remote-writer")) {
            // -Dbenchmark.jvm="…" adds JVM options (or -Dsyncid.writer.* settings) to every writer.
            String extra = System.getProperty("benchmark.jvm", "").trim();
            if (!extra.isEmpty()) {
                jvm.addAll(List.of(extra.split("\\s+")));
            }
            // -Dbenchmark.profile=true records a JFR profile of each writer in system-tests/target/writer-<n>.jfr.
            if (Boolean.getBoolean("benchmark.profile")) {
                jvm.add("-XX:StartFlightRecording=settings=profile,filename="
                        + logs.resolve("writer-" + services.size() + ".jfr"));
            }
        }
        ServiceProcess service = ServiceProcess.start(module, ServiceProcess.jarOf(root, module), FreePorts.next(),
                config, logs.resolve("writer-benchmark-" + module + "-" + services.size() + ".log"), jvm);
        services.add(service);
        return service;
    }

    /**
     * Mean times from the writer's own metrics since {@code before} (sums and counts by meter; empty: since start),
     * printed as {@code PROFILE} lines: what one operation costs the writer, and its wait from receipt. Returns the
     * sums and counts now.
     */
    private static Map<String, Double> printWriterTimes(URI metrics, String phase, Map<String, Double> before)
            throws Exception {
        String text = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> now = new LinkedHashMap<>();
        for (String meter : List.of("sync_write_seconds", "sync_apply_latency_seconds")) {
            double sum = 0;
            double count = 0;
            for (String line : text.split("\\n")) {
                if (line.startsWith(meter + "_sum")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith(meter + "_count")) {
                    count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            now.put(meter + "_sum", sum);
            now.put(meter + "_count", count);
            double dSum = sum - before.getOrDefault(meter + "_sum", 0.0);
            double dCount = count - before.getOrDefault(meter + "_count", 0.0);
            System.out.printf(Locale.ROOT, "PROFILE %s writer %s: mean %.1f ms over %.0f operations%n", phase, meter,
                    1000 * dSum / dCount, dCount);
        }
        return now;
    }

    /**
     * Waits until both writer replicas own partitions of {@code sync.operations}, so the two-replica run measures two
     * replicas at work, not the rebalance that the second one's arrival starts.
     */
    private static void awaitTwoWriters(KafkaBroker kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(deadline)) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("remote-writer")).all().get()
                        .get("remote-writer");
                if (group.groupState() == GroupState.STABLE && group.members().size() == 2
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("the second writer got no partitions within 2 minutes");
        }
    }

    /** Conditional PutItem (attribute_not_exists) of {@code count} new documents from {@code threads} threads. */
    static double directPuts(DynamoDbClient dynamo, int count, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    dynamo.putItem(PutItemRequest.builder().tableName(DocumentsTable.NAME).item(item(i))
                            .conditionExpression("attribute_not_exists(#s)")
                            .expressionAttributeNames(Map.of("#s", DocumentsTable.SYNC_ID)).build());
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return count / seconds;
    }

    /** A document item of the size the pipeline writes for one benchmark CREATE. */
    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item(int i) {
        SyncId id = SyncId.random();
        Instant now = Instant.now();
        return DocumentItemCodec.toItem(new DocumentItem(id, "bench-direct", "Home insurance policy " + i,
                "insurance", Map.of("renewal", "2027-01-31", "policyNumber", "HX-2291-4410"),
                List.of(new Attachment("policy.pdf", "application/pdf", 48213L, null, null,
                        "bench-direct/" + id + "/policy.pdf")),
                now, now, 1, "0".repeat(64), null, null, false, null, null, null,
                List.of(UUID.randomUUID().toString()), "bench-device", new ChangePosition(i % 6, i, 0),
                now.toEpochMilli(), Map.of(1L, "bench-device")));
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Pushes CREATEs through the gateway and watches their outcomes. */
    private static final class Pipeline {

        private final URI gateway;
        private final String token;
        private final String bootstrap;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final Set<String> latencyIds = ConcurrentHashMap.newKeySet();

        Pipeline(URI gateway, String token, String bootstrap) {
            this.gateway = gateway;
            this.token = "Bearer " + token;
            this.bootstrap = bootstrap;
        }

        /** {@link #run(int, int)} in batches of {@link #BATCH}. */
        double run(int count) throws Exception {
            return run(count, BATCH);
        }

        /** Pushes {@code count} CREATEs from 8 clients, {@code size} a request; documents/s until all are APPLIED. */
        double run(int count, int size) throws Exception {
            try (KafkaConsumer<byte[], byte[]> results = resultsFromNow()) {
                int batches = (count + size - 1) / size;
                List<String> bodies = new ArrayList<>();
                for (int b = 0; b < batches; b++) {
                    bodies.add(batch("bench-device-" + (b % 8), Math.min(size, count - b * size)).body());
                }
                AtomicInteger next = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                long start = System.nanoTime();
                List<Future<?>> pushers = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    pushers.add(pool.submit(() -> {
                        for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                            push(bodies.get(b));
                        }
                        return null;
                    }));
                }
                int applied = 0;
                Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
                while (applied < count) {
                    for (ConsumerRecord<byte[], byte[]> record : results.poll(Duration.ofMillis(100))) {
                        JsonNode result = EventJson.mapper().readTree(record.value());
                        if ("APPLIED".equals(result.get("outcome").asText())) {
                            applied += result.get("sourceOpIds").size();
                        } else {
                            throw new IllegalStateException("unexpected outcome " + result);
                        }
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("only " + applied + " of " + count + " applied in 10 min");
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                for (Future<?> pusher : pushers) {
                    pusher.get();
                }
                pool.shutdown();
                return count / seconds;
            }
        }

        /**
         * Single CREATEs at {@code rate} per second for {@code duration}: sorted 202 → outcome latencies in ms. An
         * operation's outcome is asked of {@code GET /v1/operations} when the device's change stream reports it (and,
         * should the stream miss one, every 250 ms after its first second): asking for every outstanding operation every
         * 5 ms, as this phase did, loaded the gateway and dynalite with ~200 outcome reads a second, more than the
         * writes it measured, on the same two cores.
         */
        double[] latencies(double rate, Duration duration) throws Exception {
            String device = "bench-latency";
            // The hops printed afterwards are those of this phase alone.
            latencyIds.clear();
            Map<String, Long> outstanding = new ConcurrentHashMap<>();
            Set<String> reported = ConcurrentHashMap.newKeySet();
            List<Double> done = new ArrayList<>();
            long intervalNanos = (long) (1e9 / rate);
            long end = System.nanoTime() + duration.toNanos();
            ExecutorService sender = Executors.newSingleThreadExecutor();
            try (EventStream stream = EventStream.open(http, gateway.resolve("/v1/changes/stream?deviceId=" + device),
                    token, null)) {
                if (stream.response().statusCode() != 200) {
                    throw new IllegalStateException("the change stream answered " + stream.response().statusCode());
                }
                Thread listener = new Thread(() -> {
                    try {
                        for (EventStream.Event e = stream.next(Duration.ofDays(1)); e != null; e = stream.next(
                                Duration.ofDays(1))) {
                            if ("outcome".equals(e.name())) {
                                reported.add(e.json().path("opId").asText());
                            }
                        }
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }, "latency-stream");
                listener.setDaemon(true);
                listener.start();
                Future<?> sending = sender.submit(() -> {
                    long next = System.nanoTime();
                    while (next < end) {
                        Batch one = batch(device, 1);
                        push(one.body());
                        // The clock starts at the 202.
                        outstanding.put(one.opIds().get(0), System.nanoTime());
                        latencyIds.add(one.syncIds().get(0));
                        next += intervalNanos;
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) {
                            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        }
                    }
                    return null;
                });
                long lastSweep = System.nanoTime();
                while (!sending.isDone() || !outstanding.isEmpty()) {
                    List<String> ask = new ArrayList<>();
                    boolean sweep = System.nanoTime() - lastSweep > 250_000_000L;
                    for (Map.Entry<String, Long> op : outstanding.entrySet()) {
                        boolean late = System.nanoTime() - op.getValue() > 1_000_000_000L;
                        if (reported.contains(op.getKey()) || (sweep && late)) {
                            ask.add(op.getKey());
                        }
                    }
                    if (sweep) {
                        lastSweep = System.nanoTime();
                    }
                    for (int i = 0; i < ask.size(); i += 100) {
                        for (String opId : settled(ask.subList(i, Math.min(ask.size(), i + 100)))) {
                            done.add((System.nanoTime() - outstanding.remove(opId)) / 1e6);
                        }
                    }
                    Thread.sleep(2);
                }
                sending.get();
                listener.interrupt();
            } finally {
                sender.shutdownNow();
            }
            double[] sorted = done.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            return sorted;
        }

        /**
         * Where the latency phase's time went, from the record timestamps (the producers' clocks, all on this machine)
         * of each of its documents on the three topics: gateway append → consolidator append → writer's result.
         */
        void printHops() {
            Map<String, Long> changes = timestamps(Topics.CHANGES);
            Map<String, Long> operations = timestamps(Topics.OPERATIONS);
            Map<String, Long> results = timestamps(Topics.RESULTS);
            List<Double> consolidation = new ArrayList<>();
            List<Double> writing = new ArrayList<>();
            for (String id : latencyIds) {
                if (changes.containsKey(id) && operations.containsKey(id) && results.containsKey(id)) {
                    consolidation.add((double) (operations.get(id) - changes.get(id)));
                    writing.add((double) (results.get(id) - operations.get(id)));
                }
            }
            for (Map.Entry<String, List<Double>> hop : Map.of("sync.changes -> sync.operations (consolidator)",
                    consolidation, "sync.operations -> sync.results (writer)", writing).entrySet()) {
                double[] sorted = hop.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "PROFILE latency hop %s: p50 %.0f ms, p99 %.0f ms (%d documents)%n",
                        hop.getKey(), percentile(sorted, 50), percentile(sorted, 99), sorted.length);
            }
        }

        /** The timestamp of every record of {@code topic} whose key is a latency-phase syncId (the last one wins). */
        private Map<String, Long> timestamps(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            Map<String, Long> out = new java.util.HashMap<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                        && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                        if (latencyIds.contains(key)) {
                            out.put(key, r.timestamp());
                        }
                    }
                }
            }
            return out;
        }

        private List<String> settled(List<String> opIds) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    gateway.resolve("/v1/operations?opIds=" + String.join(",", opIds)))
                    .header("Authorization", token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /v1/operations answered " + response.statusCode() + ": "
                        + response.body());
            }
            List<String> settled = new ArrayList<>();
            for (JsonNode op : EventJson.mapper().readTree(response.body()).get("operations")) {
                if (!"PENDING".equals(op.get("status").asText())) {
                    settled.add(op.get("opId").asText());
                }
            }
            return settled;
        }

        /** Pushes one batch as a device does: a 503 (nothing accepted) is retried with the same opIds. */
        private void push(String body) throws Exception {
            for (int attempt = 1;; attempt++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.resolve("/v1/changes"))
                        .header("Authorization", token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 503 && attempt < 10) {
                    Thread.sleep(100L * attempt);
                    continue;
                }
                if (response.statusCode() != 202 || response.body().contains("REJECTED")) {
                    throw new IllegalStateException("push answered " + response.statusCode() + ": " + response.body());
                }
                return;
            }
        }

        /** A consumer of sync.results positioned at its current end, so only this run's results count. */
        private KafkaConsumer<byte[], byte[]> resultsFromNow() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESULTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            return consumer;
        }
    }

    /** One push body and its opIds. */
    private record Batch(String body, List<String> opIds, List<String> syncIds) {
    }

    /** {@code size} CREATEs of the same shape as the ingest benchmark's. */
    private static Batch batch(String device, int size) {
        StringBuilder body = new StringBuilder(64 * 1024).append("{\"deviceId\":\"").append(device)
                .append("\",\"operations\":[");
        List<String> opIds = new ArrayList<>(size);
        List<String> syncIds = new ArrayList<>(size);
        String now = Instant.now().toString();
        for (int i = 0; i < size; i++) {
            String opId = SyncId.random().toString();
            String syncId = SyncId.random().toString();
            opIds.add(opId);
            syncIds.add(syncId);
            body.append(i > 0 ? "," : "").append("{\"opId\":\"").append(opId).append("\",\"syncId\":\"")
                    .append(syncId).append("\",\"type\":\"CREATE\",\"occurredAt\":\"").append(now)
                    .append("\",\"document\":{\"title\":\"Home insurance policy ").append(i)
                    .append("\",\"category\":\"insurance\",\"fields\":{\"renewal\":\"2027-01-31\","
                            + "\"policyNumber\":\"HX-2291-4410\"},\"attachments\":[{\"fileName\":\"policy.pdf\","
                            + "\"contentType\":\"application/pdf\",\"size\":48213}]}}");
        }
        return new Batch(body.append("]}").toString(), opIds, syncIds);
    }
}
