package io.syncid.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.Attachment;
import io.syncid.model.ContentHash;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventJson;
import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.testkit.ConfigKeys;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.ServiceProcess;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.auth.DevJwt;
import io.syncid.testkit.internal.FreePorts;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The migration against a raw copy of the same legacy documents (issue #11), in one run: (1) baseline = a parallel scan
 * of {@code LegacyDocument} on as many threads as one worker has task consumers, each item's attachment rows, its
 * objects read and written to {@code {userId}/{syncId}/{fileName}}, one conditional PutItem into {@code Documents} — no
 * ledger, no Kafka, no read-back; (2) ours = a migration run of the same documents through one migration-worker, the
 * consolidator and the writer, from the start request until nothing is pending; their ratio (goal ≥ 0.8), the median of
 * {@code -Dbenchmark.rounds} rounds (default 3) in which both take turns going first, each round then also timing a raw
 * copy that reads the attachment rows in one parallel scan first, as a migration run's start does (reported beside
 * the issue's baseline, not instead of it); (3) the same run with two worker
 * replicas (measured first, once; {@code Documents} and the ledger are emptied before every run). Both paths and both
 * workers are warmed up first, twice, on a tenth as many other documents (at least 5 000). {@code CPU} lines give every
 * process's CPU per document: every server shares this machine's cores, so the rates follow them; each round also
 * compares the two paths' CPU a document summed over every process, which the scheduling of the shared cores does not
 * move. The legacy side
 * comes from the migration-worker's own generator (its packaged classpath, as {@code deploy/local/legacy-generate.sh}
 * runs it). Run with {@code ./mvnw -B -pl system-tests -am -DskipTests -Pbenchmark-migration verify}
 * ({@code -Dbenchmark.records=N}, default 50000; {@code -Dbenchmark.profile=true} records a JFR of each worker and the
 * writer in {@code system-tests/target/migration-<name>.jfr}; {@code -Dbenchmark.jvm="…"} adds JVM options or
 * {@code -Dsyncid.migration.*} settings to every worker).
 */
public final class MigrationBenchmark {

    /** Task consumers per worker process (the worker's default {@code syncid.migration.worker-consumers}). */
    private static final int CONSUMERS = 4;
    private static final int PARTITIONS = 6;
    private static final long SEED = 11L;
    /** Least documents of the warm-up set, which each path moves {@link #WARMUP_PASSES} times. */
    private static final int WARMUP_DOCUMENTS = 5000;
    private static final int WARMUP_PASSES = 2;
    private static final String LEGACY_DOCUMENTS = "LegacyDocument";
    private static final String LEGACY_ATTACHMENTS = "LegacyFileAttachment";
    private static final String BY_DOCUMENT = "byDocument";
    private static final String TASKS_GROUP = "migration-worker";

    private MigrationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int documents = Integer.getInteger("benchmark.records", 50_000);
        Path root = Path.of(System.getProperty("syncid.root", ".")).toAbsolutePath().normalize();
        Path logs = root.resolve("system-tests/target");
        try (SyncInfrastructure infra = SyncInfrastructure.start(null, PARTITIONS)) {
            Map<String, String> config = BenchServices.config(infra, root);
            int warmup = Math.max(WARMUP_DOCUMENTS, documents / 10);
            generate(root, config, warmup, SEED + 1);

            List<ServiceProcess> services = new ArrayList<>();
            try {
                ServiceProcess consolidator = start(services, root, "queue-consolidator", "consolidator", config,
                        logs);
                ServiceProcess writer = start(services, root, "remote-writer", "writer", config, logs);
                ServiceProcess worker = start(services, root, "migration-worker", "worker-1", config, logs);
                ServiceProcess second = start(services, root, "migration-worker", "worker-2", config, logs);
                String token = DevJwt.fromPem(root.resolve("deploy/local/dev-keys/privateKey.pem"),
                        DevJwt.DEV_ISSUER).operatorToken("bench-migration", Duration.ofHours(6));
                CpuMeter cpu = new CpuMeter();
                cpu.add("dynalite", infra.dynamo().pid());
                cpu.add("s3", infra.s3().pid());
                cpu.add("kafka", infra.kafka().pid());
                cpu.add("postgres", infra.postgres().pid());
                cpu.add("consolidator", consolidator.pid());
                cpu.add("writer", writer.pid());
                cpu.add("worker-1", worker.pid());
                cpu.add("worker-2", second.pid());

                // Warm-up of both paths on a set of their own (the JIT of every JVM, dynalite's LevelDB), then the
                // tables and the ledger are emptied and the measured set is generated. The JIT counts calls, not a
                // share of the set, and on two busy cores its compiler threads wait their turn: after 1 000 documents
                // once, the raw copy's client spent 6.4 ms a document in the first measured round of 6 000 and 2.2 in
                // the third (the services alike), so that round's ratio was 0.79 and the warm ones' 0.61–0.63; after
                // 3 000 twice, still 4.7 ms in the first round.
                awaitTaskMembers(infra.kafka(), 2 * CONSUMERS);
                for (int pass = 0; pass < WARMUP_PASSES; pass++) {
                    reset(infra, false);
                    rawCopy(infra.dynamo().client(), infra.s3().client(), warmup, CONSUMERS);
                    reset(infra, false);
                    migrate(worker, token, warmup);
                }
                reset(infra, true);
                long start = System.nanoTime();
                generate(root, config, documents, SEED);
                System.out.printf(Locale.ROOT, "GENERATED %d legacy documents (seed %d) in %.0f s, after a warm-up "
                        + "of both paths on %d others%n", documents, SEED, (System.nanoTime() - start) / 1e9, warmup);

                Map<String, Double> before = cpu.snapshot();
                double two = migrate(worker, token, documents);
                System.out.printf(Locale.ROOT, "MIGRATION 2 workers CPU %s%n", cpu.since(before, documents, "doc"));
                System.out.printf(Locale.ROOT, "MIGRATION 2 workers (%d task consumers each): %.1f documents/s%n",
                        CONSUMERS, two);
                second.close();
                services.remove(second);
                awaitTaskMembers(infra.kafka(), CONSUMERS);

                // Rounds of the raw copy and the 1-worker run, taking turns going first, each on an empty Documents
                // table and ledger: one pair alone moved by up to a quarter between runs on this machine (the JIT,
                // the servers' state, the page cache, whatever else runs), so the ratio reported is the median round's.
                int rounds = Integer.getInteger("benchmark.rounds", 3);
                double[] baselines = new double[rounds];
                double[] ones = new double[rounds];
                double[] ratios = new double[rounds];
                double[] copyClientMillis = new double[rounds];
                // CPU a document of every process (servers, services, the raw copy's client) in each path: what the
                // two cost, apart from how the shared cores were scheduled (steal time and the like).
                double[] rawCpu = new double[rounds];
                double[] oneCpu = new double[rounds];
                List<Map<String, Double>> oneUsed = new ArrayList<>();
                double[] scanned = new double[rounds];
                double[] scannedCpu = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    oneUsed.add(Map.of());
                    for (int turn = 0; turn < 2; turn++) {
                        reset(infra, false);
                        before = cpu.snapshot();
                        if ((turn == 0) == (round % 2 == 0)) {
                            baselines[round] = rawCopy(infra.dynamo().client(), infra.s3().client(), documents,
                                    CONSUMERS);
                            Map<String, Double> rawUsed = cpu.used(before);
                            copyClientMillis[round] = CpuMeter.millisPer(rawUsed, documents, "benchmark");
                            rawCpu[round] = CpuMeter.totalMillisPer(rawUsed, documents);
                            System.out.printf(Locale.ROOT, "BASELINE CPU %s%n", cpu.since(before, documents, "doc"));
                        } else {
                            ones[round] = migrate(worker, token, documents);
                            oneUsed.set(round, cpu.used(before));
                            oneCpu[round] = CpuMeter.totalMillisPer(oneUsed.get(round), documents);
                            System.out.printf(Locale.ROOT, "MIGRATION 1 worker CPU %s%n",
                                    cpu.since(before, documents, "doc"));
                        }
                    }
                    ratios[round] = ones[round] / baselines[round];
                    System.out.printf(Locale.ROOT, "ROUND %d (%s first): raw copy x%d threads %.1f documents/s, "
                            + "migration 1 worker (%d task consumers) %.1f documents/s, ratio %.3f; CPU a document "
                            + "(all processes) %.2f ms vs %.2f ms, ratio %.3f%n", round + 1,
                            round % 2 == 0 ? "raw copy" : "migration", CONSUMERS, baselines[round], CONSUMERS,
                            ones[round], ratios[round], rawCpu[round], oneCpu[round], rawCpu[round] / oneCpu[round]);
                    // Not the issue's baseline: a raw copy that reads the attachment rows as a run's start does, in
                    // one scan, instead of querying the index per document (third in every round).
                    reset(infra, false);
                    before = cpu.snapshot();
                    scanned[round] = rawCopy(infra.dynamo().client(), infra.s3().client(), documents, CONSUMERS, true);
                    scannedCpu[round] = CpuMeter.totalMillisPer(cpu.used(before), documents);
                    System.out.printf(Locale.ROOT, "ROUND %d: raw copy with the attachment rows scanned %.1f "
                            + "documents/s, CPU a document %.2f ms; migration/that: %.3f%n", round + 1,
                            scanned[round], scannedCpu[round], ones[round] / scanned[round]);
                }
                int m = medianIndex(ratios);
                double baseline = baselines[m];
                double one = ones[m];
                System.out.printf(Locale.ROOT, "BASELINE raw copy x%d threads: %.1f documents/s (%d documents, "
                        + "median round)%n", CONSUMERS, baseline, documents);
                System.out.printf(Locale.ROOT, "MIGRATION 1 worker (%d task consumers): %.1f documents/s "
                        + "(%d documents, from the start request until nothing is pending; median round)%n",
                        CONSUMERS, one, documents);
                System.out.printf(Locale.ROOT, "RATIO migration (1 worker)/raw copy: %.3f, median of %d rounds %s "
                        + "(goal >= 0.8)%n", ratios[m], rounds, Arrays.toString(ratios));
                System.out.printf(Locale.ROOT, "CPU a document, all processes (median round): raw copy %.2f ms, "
                        + "migration %.2f ms: ratio %.3f%n", rawCpu[m], oneCpu[m], rawCpu[m] / oneCpu[m]);
                double[] scannedRatios = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    scannedRatios[round] = ones[round] / scanned[round];
                }
                int ms = medianIndex(scannedRatios);
                System.out.printf(Locale.ROOT, "RATIO migration (1 worker)/raw copy with the attachment rows scanned: "
                        + "%.3f, median of %d rounds %s (%.1f documents/s; CPU a document %.2f ms)%n",
                        scannedRatios[ms], rounds, Arrays.toString(scannedRatios), scanned[ms], scannedCpu[ms]);
                BenchmarkReport.figure("Migration", "raw copy that scans the attachment table once (as a run's "
                        + "start does; not the issue's baseline) vs the migration, 1 worker, " + documents
                        + " documents (median round)", BenchmarkReport.format(scanned[ms], 0, "docs/s"),
                        BenchmarkReport.format(ones[ms], 0, "docs/s"), scannedRatios[ms], "—", null);
                BenchmarkReport.figure("Migration", "CPU a document of every process (servers, services, client): "
                        + "raw copy vs migration, 1 worker (median round)", BenchmarkReport.format(rawCpu[m], 2, "ms"),
                        BenchmarkReport.format(oneCpu[m], 2, "ms"), rawCpu[m] / oneCpu[m], "—", null);
                // What this machine allows any migration: the servers' CPU for the run's requests (legacy reads,
                // Documents and outcomes in dynalite, copies in S3, four topics in Kafka, the ledger in PostgreSQL)
                // plus the raw copy's client work (the migration makes the same reads, copies and puts, in the worker
                // and the writer), with every core doing nothing else: no worker, consolidator or writer code beyond.
                double servers = CpuMeter.millisPer(oneUsed.get(m), documents, "dynalite", "s3", "kafka",
                        "postgres");
                double ceiling = CpuMeter.ceiling(servers + copyClientMillis[m]);
                System.out.printf(Locale.ROOT, "CEILING on %d cores: servers %.2f ms/doc (dynalite, S3, Kafka, "
                        + "PostgreSQL in the median round's 1-worker run) + the raw copy's client %.2f ms/doc leave "
                        + "at most %.0f documents/s: ratio <= %.3f%n", Runtime.getRuntime().availableProcessors(),
                        servers, copyClientMillis[m], ceiling, ceiling / baseline);
                BenchmarkReport.figure("Migration", "ceiling of the ratio on this machine: servers' CPU of the "
                        + "1-worker run + the raw copy's client CPU, all cores, no other code",
                        BenchmarkReport.format(baseline, 0, "docs/s"), BenchmarkReport.format(ceiling, 0, "docs/s"),
                        ceiling / baseline, "—", null);
                System.out.printf(Locale.ROOT, "REPLICAS 1 worker: %.1f documents/s (median round), 2 workers: %.1f "
                        + "documents/s (x%.2f; %d partitions of sync.migration.tasks)%n", one, two, two / one,
                        PARTITIONS);
                BenchmarkReport.figure("Migration", "legacy documents moved: raw copy (parallel scan, PutItem, S3 "
                        + "copy) vs a migration run through worker -> consolidator -> writer, 1 worker, " + documents
                        + " documents (median of " + rounds + " rounds, taking turns going first)",
                        BenchmarkReport.format(baseline, 0, "docs/s"), BenchmarkReport.format(one, 0, "docs/s"),
                        ratios[m], ">= 0.8", ratios[m] >= 0.8);
                BenchmarkReport.figure("Migration", "replicas: 1 worker vs 2 workers", BenchmarkReport.format(one, 0,
                        "docs/s (1 worker)"), BenchmarkReport.format(two, 0, "docs/s (2 workers)"), two / one, "—",
                        null);
            } finally {
                for (int i = services.size() - 1; i >= 0; i--) {
                    services.get(i).close();
                }
            }
        }
    }

    /** The index of the median of {@code values} (the upper one of an even count). */
    private static int medianIndex(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        return order[values.length / 2];
    }

    /** The migration-worker's generator, run from its packaged classpath against these servers. */
    private static void generate(Path root, Map<String, String> config, int documents, long seed) throws Exception {
        Path app = root.resolve("migration-worker/target/quarkus-app");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        for (String key : List.of(ConfigKeys.DYNAMODB_ENDPOINT, ConfigKeys.S3_ENDPOINT, ConfigKeys.AWS_REGION,
                ConfigKeys.AWS_ACCESS_KEY_ID, ConfigKeys.AWS_SECRET_ACCESS_KEY, ConfigKeys.S3_BUCKET,
                ConfigKeys.S3_PATH_STYLE)) {
            command.add("-D" + key + "=" + config.get(key));
        }
        command.add("-cp");
        command.add(app.resolve("app") + "/*:" + app.resolve("lib/main") + "/*");
        command.add("io.syncid.migration.legacy.LegacyGenerator");
        command.add(Integer.toString(documents));
        command.add(Long.toString(seed));
        Process generator = new ProcessBuilder(command).inheritIO().start();
        if (generator.waitFor() != 0) {
            throw new IllegalStateException("the legacy generator failed (build migration-worker first)");
        }
    }

    private static ServiceProcess start(List<ServiceProcess> services, Path root, String module, String name,
            Map<String, String> config, Path logs) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx768m"));
        if (module.equals("migration-worker")) {
            String extra = System.getProperty("benchmark.jvm", "").trim();
            if (!extra.isEmpty()) {
                jvm.addAll(List.of(extra.split("\\s+")));
            }
        }
        if (Boolean.getBoolean("benchmark.profile") && !module.equals("queue-consolidator")) {
            jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + logs.resolve("migration-" + name + ".jfr"));
        }
        ServiceProcess service = ServiceProcess.start(module, ServiceProcess.jarOf(root, module), FreePorts.next(),
                config, logs.resolve("migration-benchmark-" + name + ".log"), jvm);
        services.add(service);
        return service;
    }

    /**
     * The raw copy: {@code threads} segments of a parallel scan, each copying its items as they come — attachment
     * rows by the {@code documentId} index, each object read and written to its new key (with its SHA-256, which the
     * document's metadata carries), one conditional PutItem of the document (a tombstone for a deleted item).
     */
    static double rawCopy(DynamoDbClient dynamo, S3Client s3, int documents, int threads) throws Exception {
        return rawCopy(dynamo, s3, documents, threads, false);
    }

    /**
     * The raw copy; with {@code scanAttachments}, its attachment rows come from a parallel scan of
     * {@code LegacyFileAttachment} made first (as a migration run's start does) instead of a query per document.
     */
    static double rawCopy(DynamoDbClient dynamo, S3Client s3, int documents, int threads, boolean scanAttachments)
            throws Exception {
        String bucket = SyncInfrastructure.BUCKET;
        AtomicInteger copied = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        Function<String, List<Map<String, AttributeValue>>> attachments;
        if (scanAttachments) {
            Map<String, List<Map<String, AttributeValue>>> rows = scannedAttachments(dynamo, pool, threads);
            attachments = id -> rows.getOrDefault(id, List.of());
        } else {
            attachments = id -> dynamo.query(QueryRequest.builder().tableName(LEGACY_ATTACHMENTS)
                    .indexName(BY_DOCUMENT).keyConditionExpression("documentId = :d")
                    .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(id))).build()).items();
        }
        parallelScan(dynamo, pool, LEGACY_DOCUMENTS, threads, item -> {
            copyOne(dynamo, s3, bucket, item, attachments);
            copied.incrementAndGet();
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (copied.get() != documents) {
            throw new IllegalStateException("raw copy saw " + copied.get() + " legacy documents, not " + documents);
        }
        return documents / seconds;
    }

    /** Every attachment row by its documentId, from a parallel scan on {@code threads} segments. */
    private static Map<String, List<Map<String, AttributeValue>>> scannedAttachments(DynamoDbClient dynamo,
            ExecutorService pool, int threads) throws Exception {
        Map<String, List<Map<String, AttributeValue>>> byDocument = new ConcurrentHashMap<>();
        parallelScan(dynamo, pool, LEGACY_ATTACHMENTS, threads, file -> byDocument.computeIfAbsent(
                file.get("documentId").s(), d -> Collections.synchronizedList(new ArrayList<>())).add(file));
        return byDocument;
    }

    /** What a scanned item is handed to. */
    private interface ItemHandler {
        void handle(Map<String, AttributeValue> item) throws Exception;
    }

    /** A parallel scan of {@code table} on {@code threads} segments, each item to {@code each} as its page comes. */
    private static void parallelScan(DynamoDbClient dynamo, ExecutorService pool, String table, int threads,
            ItemHandler each) throws Exception {
        List<Future<?>> segments = new ArrayList<>();
        for (int s = 0; s < threads; s++) {
            int segment = s;
            segments.add(pool.submit(() -> {
                Map<String, AttributeValue> from = null;
                do {
                    ScanResponse page = dynamo.scan(ScanRequest.builder().tableName(table).segment(segment)
                            .totalSegments(threads).exclusiveStartKey(from).build());
                    for (Map<String, AttributeValue> item : page.items()) {
                        each.handle(item);
                    }
                    from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                            ? page.lastEvaluatedKey()
                            : null;
                } while (from != null);
                return null;
            }));
        }
        for (Future<?> segment : segments) {
            segment.get();
        }
    }

    private static void copyOne(DynamoDbClient dynamo, S3Client s3, String bucket, Map<String, AttributeValue> item,
            Function<String, List<Map<String, AttributeValue>>> attachmentRows) throws Exception {
        String id = item.get("id").s();
        String owner = item.get("owner").s();
        SyncId syncId = SyncId.random();
        boolean deleted = flag(item, "deleted") || flag(item, "_deleted");
        Instant created = Instant.parse(item.get("createdAt").s());
        Instant modified = Instant.parse(item.get("lastModified").s());
        long version = Long.parseLong(item.get("version").n());
        DocumentItem doc;
        if (deleted) {
            doc = new DocumentItem(syncId, owner, null, null, null, null, created, modified, version, null, id, null,
                    true, modified, "bench-raw-copy", "legacy-deleted", List.of(), "bench-raw-copy",
                    new ChangePosition(0, 0, 0), System.currentTimeMillis(), Map.of());
        } else {
            List<Attachment> attachments = new ArrayList<>();
            for (Map<String, AttributeValue> file : attachmentRows.apply(id)) {
                String fileName = file.get("fileName").s();
                byte[] bytes;
                try {
                    bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(file.get("s3Key").s())).asByteArray();
                } catch (NoSuchKeyException e) {
                    continue;
                }
                String key = owner + "/" + syncId + "/" + fileName;
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                attachments.add(new Attachment(fileName, "application/octet-stream", (long) bytes.length,
                        "sha256:" + sha, file.containsKey("label") ? file.get("label").s() : null, key));
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            if (item.containsKey("renewalDate")) {
                fields.put("renewalDate", item.get("renewalDate").s());
            }
            if (item.containsKey("notes")) {
                fields.put("notes", item.get("notes").s());
            }
            DocumentContent content = new DocumentContent(item.get("title").s(), item.get("category").s(), fields,
                    attachments);
            doc = new DocumentItem(syncId, owner, content.title(), content.category(), fields, attachments, created,
                    modified, version, ContentHash.of(content), id, null, false, null, null, null, List.of(),
                    "bench-raw-copy", new ChangePosition(0, 0, 0), System.currentTimeMillis(),
                    Map.of(version, "bench-raw-copy"));
        }
        dynamo.putItem(PutItemRequest.builder().tableName(DocumentsTable.NAME).item(DocumentItemCodec.toItem(doc))
                .conditionExpression("attribute_not_exists(#s)")
                .expressionAttributeNames(Map.of("#s", DocumentsTable.SYNC_ID)).build());
    }

    private static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    /** Starts a run on {@code worker} and waits until nothing is pending: documents per second from the request. */
    private static double migrate(ServiceProcess worker, String token, int documents) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(worker.baseUri().resolve(
                "/v1/admin/migrations")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("start answered " + started.statusCode() + ": " + started.body());
        }
        String runId = EventJson.mapper().readTree(started.body()).get("runId").asText();
        System.out.printf(Locale.ROOT, "  run %s started after %.1f s (the scan of the legacy table and the tasks "
                + "published)%n", runId, (System.nanoTime() - start) / 1e9);
        URI status = worker.baseUri().resolve("/v1/admin/migrations/" + runId);
        Instant deadline = Instant.now().plus(Duration.ofHours(2));
        long lastPrint = System.nanoTime();
        while (true) {
            JsonNode s = EventJson.mapper().readTree(http.send(HttpRequest.newBuilder(status)
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .body());
            if (s.get("pending").asLong() == 0) {
                double seconds = (System.nanoTime() - start) / 1e9;
                if (s.get("total").asLong() != documents || s.get("migrated").asLong() != documents) {
                    throw new IllegalStateException("run ended as " + s);
                }
                return documents / seconds;
            }
            if (System.nanoTime() - lastPrint > 30e9) {
                System.out.printf(Locale.ROOT, "  … %d of %d pending after %.0f s%n", s.get("pending").asLong(),
                        documents, (System.nanoTime() - start) / 1e9);
                lastPrint = System.nanoTime();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("run not finished after 2 h: " + s);
            }
            Thread.sleep(500);
        }
    }

    /**
     * Empties what a run wrote, so the next one migrates the same legacy documents again: {@code Documents} dropped
     * and created anew, the ledger's tables truncated (the copies in S3 stay; the next run writes under new syncIds);
     * with {@code legacy}, the legacy tables too (the generator creates them again).
     */
    private static void reset(SyncInfrastructure infra, boolean legacy) throws Exception {
        dropTable(infra.dynamo().client(), DocumentsTable.NAME);
        if (legacy) {
            dropTable(infra.dynamo().client(), LEGACY_DOCUMENTS);
            dropTable(infra.dynamo().client(), LEGACY_ATTACHMENTS);
        }
        infra.dynamo().createTables();
        try (Connection c = DriverManager.getConnection(infra.postgres().jdbcUrl(), infra.postgres().username(),
                infra.postgres().password()); Statement st = c.createStatement()) {
            st.execute("TRUNCATE migration.attachment_copies, migration.duplicates, migration.items,"
                    + " migration.item_counts, migration.assignments, migration.runs");
        }
    }

    private static void dropTable(DynamoDbClient dynamo, String table) throws Exception {
        dynamo.deleteTable(b -> b.tableName(table));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            try {
                dynamo.describeTable(b -> b.tableName(table));
            } catch (ResourceNotFoundException e) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(table + " still there a minute after its deletion");
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the task group has {@code members} members in a stable group. */
    private static void awaitTaskMembers(KafkaBroker kafka, int members) throws Exception {
        try (Admin admin = kafka.admin()) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(deadline)) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(TASKS_GROUP)).all().get()
                        .get(TASKS_GROUP);
                if (group.groupState() == GroupState.STABLE && group.members().size() == members) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IOException("the task group did not reach " + members + " members within 2 minutes");
        }
    }
}
