package io.syncid.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.common.utils.Utils;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.Attachment;
import io.syncid.model.EventJson;
import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.testkit.ServiceProcess;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.auth.DevJwt;
import io.syncid.testkit.internal.FreePorts;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A new device's full pull (issue #15), in one run: one user's N documents (default 5 000) are written straight into
 * {@code Documents} with the project's codec, spread over the lanes as the remote-writer would (lane = the Kafka
 * partition of the syncId key among {@code -Dbenchmark.lanes} partitions, default 12 as deployed; offsets growing with
 * gaps where other users' records fall; all older than the settle window). Then, warm (untimed rounds first), rounds
 * that alternate (a) ours: {@code GET /v1/documents?limit=1000} through the gateway, following {@code nextCursor} until
 * {@code hasMore} is false, the JSON parsed as a device would; (b) baseline: the same pages' raw {@code UserIndex}
 * queries with the AWS SDK v2 {@code DynamoDbClient} straight to dynalite (lane by lane, {@code limit - taken + 1}
 * items each, as the pull reads them; the items left undecoded). Prints docs/s of both per round and the median, their
 * ratio (goal ≥ 0.8), and the CPU seconds of gateway, dynalite and this JVM per 1 000 documents of each. The gateway
 * runs with its pod's JVM ({@link BenchServices#podJvm}: 768 MiB, the serial collector). Run with
 * {@code ./mvnw -B -ntp -o -pl system-tests -DskipTests -Pbenchmark-pull verify}; {@code -Dbenchmark.records=N},
 * {@code -Dbenchmark.rounds=R}, {@code -Dbenchmark.compare=<quarkus-run.jar>} (another
 * gateway build measured in the same rounds), {@code -Dbenchmark.profile=true} (JFR of the gateway in
 * {@code system-tests/target/pull-gateway.jfr}), {@code -Dbenchmark.gateway.<key>=<value>} passes a gateway setting.
 */
public final class PullBenchmark {

    private static final String USER = "pull-bench-user";
    private static final int PAGE = 1000;
    private static final int WARMUP_ROUNDS = 3;

    private PullBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int documents = Integer.getInteger("benchmark.records", 5_000);
        int rounds = Math.max(1, Integer.getInteger("benchmark.rounds", 15));
        int lanes = Integer.getInteger("benchmark.lanes", 12);
        // -Dbenchmark.compare=<another gateway's quarkus-run.jar>: measured in the same rounds, for before/after.
        String compare = System.getProperty("benchmark.compare", "").trim();
        Path root = Path.of(System.getProperty("syncid.root", ".")).toAbsolutePath().normalize();
        try (SyncInfrastructure infra = SyncInfrastructure.start(null, lanes)) {
            DynamoDbClient dynamo = infra.dynamo().client();
            seed(dynamo, documents, lanes);

            Map<String, String> config = GatewayIngestBenchmark.gatewayConfig(infra, root);
            try (ServiceProcess gateway = ServiceProcess.start("sync-gateway",
                    ServiceProcess.jarOf(root, "sync-gateway"), FreePorts.next(), config,
                    root.resolve("system-tests/target/pull-benchmark-gateway.log"),
                    BenchServices.gatewayJvm(root, BenchServices.podJvm(root, "sync-gateway"), "pull-gateway.jfr"));
                    ServiceProcess other = compare.isEmpty()
                            ? null
                            : ServiceProcess.start("sync-gateway-compare",
                                    Path.of(compare), FreePorts.next(), config,
                                    root.resolve("system-tests/target/pull-benchmark-compare.log"),
                                    List.of("-Xmx1g"))) {
                String token = "Bearer " + DevJwt.fromPem(root.resolve("deploy/local/dev-keys/privateKey.pem"),
                        DevJwt.DEV_ISSUER).token(USER);
                CpuMeter cpu = new CpuMeter();
                cpu.add("gateway", gateway.pid());
                cpu.add("dynalite", infra.dynamo().pid());
                if (other != null) {
                    cpu.add("compared gateway", other.pid());
                }
                // Warm-up: the JIT compiles both paths (and dynalite's) before the clock starts.
                for (int r = 0; r < WARMUP_ROUNDS; r++) {
                    ours(gateway.baseUri(), token, documents);
                    baseline(dynamo, lanes, documents);
                    if (other != null) {
                        ours(other.baseUri(), token, documents);
                    }
                }
                double[] otherRates = new double[rounds];
                Map<String, Double> otherCpu = new LinkedHashMap<>();
                double[] oursRates = new double[rounds];
                double[] baseRates = new double[rounds];
                double[] ratios = new double[rounds];
                Map<String, Double> oursCpu = new LinkedHashMap<>();
                Map<String, Double> baseCpu = new LinkedHashMap<>();
                int[] pages = new int[1];
                // Alternating rounds: this machine's speed drifts between minutes, and a ratio is only fair when both
                // of its parts met the same machine. The median round is the result.
                for (int r = 0; r < rounds; r++) {
                    Map<String, Double> before = cpu.snapshot();
                    long start = System.nanoTime();
                    pages[0] = ours(gateway.baseUri(), token, documents);
                    oursRates[r] = documents / ((System.nanoTime() - start) / 1e9);
                    accumulate(oursCpu, before, cpu.snapshot());
                    before = cpu.snapshot();
                    start = System.nanoTime();
                    baseline(dynamo, lanes, documents);
                    baseRates[r] = documents / ((System.nanoTime() - start) / 1e9);
                    accumulate(baseCpu, before, cpu.snapshot());
                    ratios[r] = oursRates[r] / baseRates[r];
                    if (other != null) {
                        before = cpu.snapshot();
                        start = System.nanoTime();
                        ours(other.baseUri(), token, documents);
                        otherRates[r] = documents / ((System.nanoTime() - start) / 1e9);
                        accumulate(otherCpu, before, cpu.snapshot());
                        System.out.printf(Locale.ROOT, "ROUND %d: compared gateway %.0f docs/s, ratio %.3f%n", r + 1,
                                otherRates[r], otherRates[r] / baseRates[r]);
                    }
                    System.out.printf(Locale.ROOT, "ROUND %d: gateway %.0f docs/s, baseline %.0f docs/s, ratio %.3f%n",
                            r + 1, oursRates[r], baseRates[r], ratios[r]);
                }
                System.out.printf(Locale.ROOT,
                        "BASELINE raw UserIndex queries (AWS SDK v2 DynamoDbClient): %.0f docs/s "
                                + "(median of %d rounds; %d documents over %d lanes, pages of %d)%n",
                        median(baseRates), rounds,
                        documents, lanes, PAGE);
                System.out.printf(Locale.ROOT,
                        "GATEWAY full pull GET /v1/documents?limit=%d: %.0f docs/s (median of %d "
                                + "rounds; %d pages)%n",
                        PAGE, median(oursRates), rounds, pages[0]);
                System.out.printf(Locale.ROOT, "RATIO gateway/baseline: %.3f (median round; rounds %s; goal >= 0.8)%n",
                        median(ratios), Arrays.stream(ratios).mapToObj(x -> String.format(Locale.ROOT, "%.3f", x))
                                .collect(Collectors.joining(", ")));
                BenchmarkReport.figure("Pull", "a new device's full pull of " + documents + " documents, pages of "
                        + PAGE + ": raw UserIndex queries vs GET /v1/documents (median round)",
                        BenchmarkReport.format(median(baseRates), 0, "docs/s"), BenchmarkReport.format(
                                median(oursRates), 0, "docs/s"),
                        median(ratios), ">= 0.8", median(ratios) >= 0.8);
                System.out.println("CPU gateway pull, per 1000 documents: " + perThousand(oursCpu, rounds * documents));
                System.out.println("CPU baseline, per 1000 documents: " + perThousand(baseCpu, rounds * documents));
                if (other != null) {
                    System.out.printf(Locale.ROOT, "COMPARED gateway %s: %.0f docs/s (median), gateway/compared %.3f%n",
                            compare, median(otherRates), median(oursRates) / median(otherRates));
                    System.out.println("CPU compared gateway pull, per 1000 documents: "
                            + perThousand(otherCpu, rounds * documents));
                }
            }
        }
    }

    /**
     * The user's documents as the remote-writer leaves them: lane = the default partitioner's choice for the syncId
     * key, offsets growing per lane with gaps (other users' records), each changed long before the settle window.
     */
    private static void seed(DynamoDbClient dynamo, int documents, int lanes) {
        Random random = new Random(15);
        long[] offsets = new long[lanes];
        Instant start = Instant.now().minusSeconds(3600);
        List<WriteRequest> batch = new ArrayList<>(25);
        for (int i = 0; i < documents; i++) {
            SyncId syncId = SyncId.random();
            int lane = Utils.toPositive(Utils.murmur2(syncId.toString().getBytes(StandardCharsets.UTF_8))) % lanes;
            offsets[lane] += 1 + random.nextInt(40);
            Instant at = start.plusMillis(i * 500L);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("renewal", "2027-01-31");
            fields.put("policyNumber", "HX-" + (1000 + random.nextInt(9000)) + "-" + (1000 + random.nextInt(9000)));
            fields.put("insurer", "Example Mutual");
            DocumentItem item = new DocumentItem(syncId, USER, "Home insurance policy " + i, "insurance", fields,
                    List.of(new Attachment("policy.pdf", "application/pdf", 48_213L,
                            "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", null,
                            USER + "/" + syncId + "/policy.pdf")),
                    at, at, 1, "sha256:content-" + i, null, null, false, null, null, null,
                    List.of(UUID.randomUUID().toString()), "bench-device", new ChangePosition(lane, offsets[lane], 0),
                    at.toEpochMilli());
            batch.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(DocumentItemCodec.toItem(item)).build()).build());
            if (batch.size() == 25 || i == documents - 1) {
                write(dynamo, batch);
                batch = new ArrayList<>(25);
            }
        }
    }

    private static void write(DynamoDbClient dynamo, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(DocumentsTable.NAME, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
            Map<String, List<WriteRequest>> left = response.unprocessedItems();
            pending = left == null || left.isEmpty() || left.values().stream().allMatch(List::isEmpty)
                    ? Map.of()
                    : left;
        }
    }

    /** A full pull through the gateway, page by page; the number of pages. */
    private static int ours(URI base, String token, int expected) throws Exception {
        int pages = 0;
        int received = 0;
        try (HttpLoadConnection connection = new HttpLoadConnection(base)) {
            String cursor = null;
            boolean more = true;
            while (more) {
                String path = "/v1/documents?limit=" + PAGE
                        + (cursor == null ? "" : "&since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                HttpLoadConnection.Response response = connection.exchange(HttpLoadConnection.get(base, path, token));
                if (response.status() != 200) {
                    throw new IllegalStateException("pull answered " + response.status() + ": " + response.text());
                }
                JsonNode page = EventJson.mapper().readTree(response.body());
                received += page.get("documents").size();
                cursor = page.get("nextCursor").asText();
                more = page.get("hasMore").asBoolean();
                pages++;
            }
        }
        if (received != expected) {
            throw new IllegalStateException("the gateway's full pull gave " + received + " of " + expected);
        }
        return pages;
    }

    /**
     * The same pages read straight from {@code UserIndex}: per page, lane after lane, each lane after the last item
     * taken from it, {@code limit - taken + 1} items (the extra one tells whether more remain), paging on
     * {@code LastEvaluatedKey} as the gateway's repository does.
     */
    private static void baseline(DynamoDbClient dynamo, int lanes, int expected) {
        Map<Integer, String> after = new HashMap<>();
        int received = 0;
        boolean more = true;
        while (more) {
            more = false;
            int taken = 0;
            for (int lane = 0; lane < lanes && !(more && taken == PAGE); lane++) {
                int want = PAGE - taken + 1;
                String from = after.containsKey(lane)
                        ? ChangePosition.parse(after.get(lane)).successor().encode()
                        : ChangePosition.first(lane).encode();
                List<Map<String, AttributeValue>> items = new ArrayList<>();
                Map<String, AttributeValue> startKey = null;
                do {
                    QueryRequest.Builder request = QueryRequest.builder()
                            .tableName(DocumentsTable.NAME)
                            .indexName(DocumentsTable.USER_INDEX)
                            .keyConditionExpression("#u = :u AND #p BETWEEN :from AND :to")
                            .expressionAttributeNames(Map.of("#u", DocumentsTable.USER_ID,
                                    "#p", DocumentsTable.CHANGE_POS))
                            .expressionAttributeValues(Map.of(
                                    ":u", AttributeValue.fromS(USER),
                                    ":from", AttributeValue.fromS(from),
                                    ":to", AttributeValue.fromS(ChangePosition.last(lane).encode())))
                            .limit(want - items.size());
                    if (startKey != null) {
                        request.exclusiveStartKey(startKey);
                    }
                    QueryResponse response = dynamo.query(request.build());
                    items.addAll(response.items());
                    startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                            ? response.lastEvaluatedKey()
                            : null;
                } while (startKey != null && items.size() < want);
                if (items.size() > PAGE - taken) {
                    more = true;
                    items = items.subList(0, PAGE - taken);
                }
                taken += items.size();
                if (!items.isEmpty()) {
                    after.put(lane, items.get(items.size() - 1).get(DocumentsTable.CHANGE_POS).s());
                }
            }
            received += taken;
        }
        if (received != expected) {
            throw new IllegalStateException("the raw queries gave " + received + " of " + expected);
        }
    }

    private static void accumulate(Map<String, Double> into, Map<String, Double> before, Map<String, Double> after) {
        after.forEach((name, value) -> into.merge(name, value - before.getOrDefault(name, 0.0), Double::sum));
    }

    private static String perThousand(Map<String, Double> used, int documents) {
        return used.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(), 1e6 * e.getValue() / documents))
                .collect(Collectors.joining(", "));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
