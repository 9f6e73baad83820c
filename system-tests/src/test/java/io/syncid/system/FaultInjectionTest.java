package io.syncid.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.EventJson;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.model.WriteResult;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.testkit.PostgresServer;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Issue #13 item 3, fault injection: simulated devices of several users stream CREATE/UPDATE/DELETE batches through
 * the gateway (retrying a failed batch with the same opIds) while, one at a time and each in the middle of the
 * stream, the gateway, the queue-consolidator, the remote-writer and the tombstone-service are SIGKILLed and started
 * again, and the Kafka broker is SIGKILLed and restarted on its data. Afterwards every consumer group's lag is 0 and
 * every acknowledged operation has exactly one effect: its outcome is settled (not PENDING), each document's version
 * is the number of distinct consolidated operations that took effect on it, no opId took effect twice, each
 * document holds the last state its device sent (or is a tombstone registered by the tombstone-service).
 *
 * <p>
 * Size: {@code -Dfaults.operations=N} (default 3 000; a command, not in the default test run, see the README). The issue's full run:
 * {@code ./mvnw -B -ntp -pl system-tests verify -Dtest=FaultInjectionTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfaults.operations=50000}. The last line of the output is
 * {@code FAULTS sent=… acknowledged=… applied=… lost=… doubled=… faults=…}.
 */
class FaultInjectionTest {

    private static final int OPERATIONS = Integer.getInteger("faults.operations", 3_000);
    private static final int USERS = 8;
    /** Each device keeps at most this many live documents; beyond that it edits and deletes, never creates. */
    private static final int LIVE_DOCUMENTS = 25;
    /** A device's pause between batches: the stream lasts long enough for every fault to hit it mid-way. */
    private static final long PACE_MILLIS = 150;
    private static final List<String> FAULTS = List.of("sync-gateway", "queue-consolidator", "remote-writer",
            "tombstone-service", "kafka");
    private static final Set<String> EFFECTS = Set.of("APPLIED", "DELETED", "CONFLICT_RESOLVED");

    @Test
    void crashesOfEveryServiceAndABrokerRestartMidStreamLoseNothingAndApplyNothingTwice() throws Exception {
        Map<String, Map<String, String>> extra = Map.of(
                // A killed member never leaves its group: short sessions hand its partitions over sooner.
                "remote-writer", Map.of("syncid.writer.session-timeout", "6s"),
                "tombstone-service", Map.of("mp.messaging.incoming.results.session.timeout.ms", "6000"));
        try (SyncSystem system = SyncSystem.start(6, extra, "sync-gateway", "queue-consolidator", "remote-writer",
                "tombstone-service")) {
            log("system started");
            Budget budget = new Budget(OPERATIONS);
            List<SimulatedDevice> devices = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                devices.add(new SimulatedDevice(system, "faults-user-" + u, "device-" + u, budget, 1000L + u));
            }
            List<Thread> threads = new ArrayList<>();
            for (SimulatedDevice d : devices) {
                Thread thread = new Thread(d::run, d.deviceId);
                thread.start();
                threads.add(thread);
            }
            List<String> injected = new ArrayList<>();
            int segment = OPERATIONS / (FAULTS.size() + 1);
            for (int k = 0; k < FAULTS.size(); k++) {
                int trigger = (k + 1) * segment;
                budget.awaitIssued(trigger);
                String fault = FAULTS.get(k);
                log("fault " + fault + " at " + budget.issued() + " operations issued");
                if (fault.equals("kafka")) {
                    system.infra().kafka().kill();
                    system.infra().kafka().restart();
                } else {
                    system.restart(fault);
                }
                injected.add(fault);
                log("fault " + fault + " over at " + budget.issued() + " operations issued");
                // Half a segment goes out while the fault lasts, the other half after it, before the next one.
                budget.open(k + 1 == FAULTS.size() ? OPERATIONS : trigger + segment + segment / 2);
            }
            for (Thread t : threads) {
                t.join(Duration.ofMinutes(10).toMillis());
                assertThat(t.isAlive()).as("device %s finished its stream", t.getName()).isFalse();
            }
            for (SimulatedDevice d : devices) {
                assertThat(d.failure).as("device %s", d.deviceId).isNull();
            }
            log("stream done: " + budget.issued() + " operations issued");
            new Verdict(system, devices, injected).check();
        }
    }

    private static final long T0 = System.nanoTime();

    /** Prints with a prefix and the seconds since the class loaded, so the lines stand out among the services'. */
    private static void log(String line) {
        System.out.printf("[faults %5.1fs] %s%n", (System.nanoTime() - T0) / 1e9, line);
    }

    /**
     * The stream's operation budget, in gates: a device takes operations until the gate, and the fault sequence
     * moves the gate on after each fault, so every fault falls in the middle of the stream whatever the pace.
     */
    private static final class Budget {

        private final int total;
        private int issued;
        private int gate;

        Budget(int total) {
            this.total = total;
            int segment = total / (FAULTS.size() + 1);
            this.gate = segment + segment / 2;
        }

        /** Up to {@code wanted} operations (waits at a gate); 0 once the stream is complete. */
        synchronized int take(int wanted) throws InterruptedException {
            while (issued >= gate && issued < total) {
                wait(200);
            }
            int granted = Math.min(wanted, Math.min(gate, total) - issued);
            issued += Math.max(0, granted);
            notifyAll();
            return Math.max(0, granted);
        }

        synchronized void awaitIssued(int count) throws InterruptedException {
            while (issued < count) {
                wait(200);
            }
        }

        synchronized void open(int newGate) {
            gate = newGate;
            notifyAll();
        }

        synchronized int issued() {
            return issued;
        }
    }

    /** What a device last sent for one of its documents. */
    private static final class DocState {
        final SyncId syncId;
        String title;
        boolean deleted;
        long knownVersion;
        int edits;

        DocState(SyncId syncId) {
            this.syncId = syncId;
        }
    }

    /**
     * One user's device on plain HTTP: batches of its own documents' operations, a failed batch (503, timeout,
     * connection refused) sent again with the same opIds until it is answered 202, the versions it learns from
     * settled outcomes used as baseVersion (0 while its CREATE is unsettled, SPEC §4).
     */
    private static final class SimulatedDevice {

        final SyncSystem system;
        final String userId;
        final String deviceId;
        final Budget budget;
        final Random random;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        final Map<SyncId, DocState> docs = new LinkedHashMap<>();
        final List<DocState> live = new ArrayList<>();
        /** opId → syncId of every operation sent at least once. */
        final Map<String, SyncId> sent = new ConcurrentHashMap<>();
        /** opIds answered ACCEPTED in a 202. */
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<String> rejectedAtIngest = ConcurrentHashMap.newKeySet();
        final Map<String, JsonNode> settled = new ConcurrentHashMap<>();
        final AtomicInteger retries = new AtomicInteger();
        /** opId → its batch's attempts ("HH:mm:ss.SSS → 202 / 503 / IOException"), for the diagnosis of a failure. */
        final Map<String, List<String>> attempts = new ConcurrentHashMap<>();
        volatile Throwable failure;

        SimulatedDevice(SyncSystem system, String userId, String deviceId, Budget budget, long seed) {
            this.system = system;
            this.userId = userId;
            this.deviceId = deviceId;
            this.budget = budget;
            this.random = new Random(seed);
        }

        void run() {
            try {
                int batches = 0;
                while (true) {
                    int size = budget.take(1 + random.nextInt(8));
                    if (size == 0) {
                        return;
                    }
                    flush(batch(size));
                    if (++batches % 5 == 0) {
                        learnVersions();
                    }
                    Thread.sleep(PACE_MILLIS / 2 + random.nextInt((int) PACE_MILLIS));
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        private List<Map<String, Object>> batch(int size) {
            List<Map<String, Object>> ops = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                double dice = random.nextDouble();
                if (live.size() < 3 || live.size() < LIVE_DOCUMENTS && dice < 0.2) {
                    DocState doc = new DocState(SyncId.random());
                    docs.put(doc.syncId, doc);
                    live.add(doc);
                    doc.title = title(doc);
                    ops.add(Device.create(doc.syncId, doc.title));
                    continue;
                }
                DocState doc = live.get(random.nextInt(live.size()));
                if (dice < 0.08) {
                    doc.deleted = true;
                    live.remove(doc);
                    ops.add(Device.delete(doc.syncId, doc.knownVersion));
                } else {
                    doc.edits++;
                    doc.title = title(doc);
                    ops.add(Device.update(doc.syncId, doc.knownVersion, doc.title));
                }
            }
            ops.forEach(op -> sent.put((String) op.get("opId"), SyncId.parse((String) op.get("syncId"))));
            return ops;
        }

        private String title(DocState doc) {
            return deviceId + " " + doc.syncId.toString().substring(0, 8) + " edit " + doc.edits;
        }

        /** POST /v1/changes until it is answered 202; the retried body is byte for byte the same (same opIds). */
        private void flush(List<Map<String, Object>> ops) throws InterruptedException {
            byte[] body = EventJson.write(Map.of("deviceId", deviceId, "operations", ops));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            List<String> tries = new ArrayList<>();
            ops.forEach(op -> attempts.put((String) op.get("opId"), tries));
            long backoff = 100;
            while (true) {
                String at = Instant.now().toString();
                try {
                    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(system.uri("sync-gateway",
                            "/v1/changes")).header("Authorization", "Bearer " + system.token(userId))
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    tries.add(at + " -> " + response.statusCode());
                    if (response.statusCode() == 202) {
                        for (JsonNode result : EventJson.mapper().readTree(response.body()).get("results")) {
                            String opId = result.get("opId").asText();
                            if ("ACCEPTED".equals(result.get("status").asText())) {
                                acknowledged.add(opId);
                            } else {
                                rejectedAtIngest.add(opId + " " + result);
                            }
                        }
                        return;
                    }
                    if (response.statusCode() < 500 && response.statusCode() != 429) {
                        throw new AssertionError("push answered " + response.statusCode() + ": "
                                + new String(response.body(), StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // connection refused while the gateway is down, or no answer in time: send the same batch again
                    tries.add(at + " -> " + e);
                }
                retries.incrementAndGet();
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(deviceId + ": a batch was not accepted within 5 minutes");
                }
                Thread.sleep(backoff + random.nextInt(100));
                backoff = Math.min(2_000, backoff * 2);
            }
        }

        /** Settles up to 100 unsettled acknowledged opIds; a failure (gateway down) just waits for the next time. */
        private void learnVersions() {
            List<String> open = acknowledged.stream().filter(id -> !settled.containsKey(id)).limit(100).toList();
            if (!open.isEmpty()) {
                settle(open);
            }
        }

        /** One GET /v1/operations of at most 100 opIds; records the settled ones; false if it was not answered. */
        boolean settle(List<String> opIds) {
            JsonNode answer;
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(system.uri("sync-gateway",
                        "/v1/operations?opIds=" + String.join(",", opIds)))
                        .header("Authorization", "Bearer " + system.token(userId)).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    return false;
                }
                answer = EventJson.mapper().readTree(response.body());
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            for (JsonNode node : answer.get("operations")) {
                String status = node.get("status").asText();
                if ("PENDING".equals(status)) {
                    continue;
                }
                String opId = node.get("opId").asText();
                settled.put(opId, node);
                DocState doc = docs.get(sent.get(opId));
                if (doc != null && EFFECTS.contains(status)) {
                    doc.knownVersion = Math.max(doc.knownVersion, node.get("version").asLong());
                }
            }
            return true;
        }

        /** Settles every acknowledged opId, or gives up at {@code deadline}; returns those still PENDING. */
        List<String> settleAll(Instant deadline) {
            while (true) {
                List<String> open = acknowledged.stream().filter(id -> !settled.containsKey(id)).toList();
                if (open.isEmpty() || Instant.now().isAfter(deadline)) {
                    return open;
                }
                for (int i = 0; i < open.size(); i += 100) {
                    settle(open.subList(i, Math.min(open.size(), i + 100)));
                }
                if (acknowledged.stream().anyMatch(id -> !settled.containsKey(id))) {
                    SyncSystem.sleep(500);
                }
            }
        }
    }

    /** The checks after the stream, and the FAULTS line. */
    private static final class Verdict {

        private final SyncSystem system;
        private final List<SimulatedDevice> devices;
        private final List<String> injected;

        Verdict(SyncSystem system, List<SimulatedDevice> devices, List<String> injected) {
            this.system = system;
            this.devices = devices;
            this.injected = injected;
        }

        void check() throws Exception {
            Duration patience = Duration.ofSeconds(180 + OPERATIONS / 50);
            Instant deadline = Instant.now().plus(patience);
            Map<String, String> pending = new TreeMap<>();
            for (SimulatedDevice d : devices) {
                d.settleAll(deadline).forEach(id -> pending.put(id, d.deviceId + " " + d.sent.get(id)));
            }
            log(pending.isEmpty() ? "every outcome settled" : pending.size() + " outcomes still PENDING");
            Map<String, Long> lag = awaitNoLag(Instant.now().plus(Duration.ofMinutes(3)));
            log("consumer lag per group in records: " + lag);

            // Everything the platform did, from its own topics.
            log("reading the topics");
            Map<UUID, ConsolidatedOperation> operations = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : readAll(Topics.OPERATIONS)) {
                ConsolidatedOperation op = EventJson.read(r.value(), ConsolidatedOperation.class);
                operations.put(op.operationId(), op);
            }
            List<WriteResult> results = readAll(Topics.RESULTS).stream()
                    .map(r -> EventJson.read(r.value(), WriteResult.class)).toList();
            Map<String, Integer> dlq = new TreeMap<>();
            for (String topic : List.of(Topics.CHANGES, Topics.OPERATIONS, Topics.RESULTS)) {
                dlq.put(Topics.dlq(topic), readAll(Topics.dlq(topic)).size());
            }

            Map<String, SyncId> sent = new HashMap<>();
            Set<String> acknowledged = new HashSet<>();
            Map<String, JsonNode> outcomes = new HashMap<>();
            Map<SyncId, DocState> expected = new HashMap<>();
            List<String> ingestRejections = new ArrayList<>();
            int retries = 0;
            for (SimulatedDevice d : devices) {
                sent.putAll(d.sent);
                acknowledged.addAll(d.acknowledged);
                outcomes.putAll(d.settled);
                expected.putAll(d.docs);
                ingestRejections.addAll(d.rejectedAtIngest);
                retries += d.retries.get();
            }

            // Per result id (one consolidated operation): a re-emission after a crash may confirm the effect (the
            // same outcome, or DUPLICATE once every outcome is recorded) at the same version, never take another.
            Map<UUID, WriteResult> byResult = new HashMap<>();
            List<String> doubled = new ArrayList<>();
            List<String> confirmed = new ArrayList<>();
            for (WriteResult r : results) {
                WriteResult first = byResult.putIfAbsent(r.resultId(), r);
                if (first == null || first.outcome() == r.outcome() && first.version() == r.version()) {
                    continue;
                }
                String what = "result " + r.resultId() + " of " + r.syncId() + " re-emitted as " + r.outcome()
                        + " v" + r.version() + " after " + first.outcome() + " v" + first.version();
                (r.outcome() == Outcome.DUPLICATE && r.version() == first.version() ? confirmed : doubled).add(what);
            }
            Map<SyncId, List<WriteResult>> effectsOf = new HashMap<>();
            Set<UUID> answered = new HashSet<>();
            List<String> conflicts = new ArrayList<>();
            for (WriteResult r : byResult.values()) {
                answered.addAll(r.sourceOpIds());
                answered.addAll(r.tombstonedOpIds());
                if (r.outcome() == Outcome.CONFLICT_RESOLVED) {
                    conflicts.add(r.syncId() + " " + r.sourceOpIds());
                }
                if (EFFECTS.contains(r.outcome().name())) {
                    effectsOf.computeIfAbsent(r.syncId(), x -> new ArrayList<>()).add(r);
                }
            }
            // In version order, each effect must carry at least one opId that took no effect before: one whose
            // opIds all took effect already applied them twice. A retried flush's opIds folded with newer operations
            // (SPEC §6: the newer state wins) ride along with them; they are counted, not doubled.
            List<String> inconsistent = new ArrayList<>();
            List<String> refolded = new ArrayList<>();
            effectsOf.forEach((syncId, rs) -> {
                rs.sort(Comparator.comparingLong(WriteResult::version));
                Set<UUID> took = new HashSet<>();
                long previous = 0;
                for (WriteResult r : rs) {
                    if (r.version() == previous) {
                        inconsistent.add(syncId + ": two consolidated operations took effect as v" + r.version());
                    }
                    previous = r.version();
                    List<UUID> again = r.sourceOpIds().stream().filter(took::contains).toList();
                    if (!again.isEmpty() && again.size() == r.sourceOpIds().size()) {
                        doubled.add("opIds " + again + " of " + syncId + " took effect again as " + r.outcome()
                                + " v" + r.version());
                    } else if (!again.isEmpty()) {
                        again.forEach(id -> refolded.add(id + " of " + syncId + " again in v" + r.version() + " "
                                + r.sourceOpIds()));
                    }
                    took.addAll(r.sourceOpIds());
                }
            });

            // The final state of every document, straight from the table.
            Map<SyncId, DocumentItem> stored = read(expected.keySet());
            List<String> lost = new ArrayList<>(pending.keySet().stream().map(id -> "PENDING " + id + " "
                    + pending.get(id)).toList());
            List<String> unexpected = new ArrayList<>();
            for (String opId : acknowledged) {
                JsonNode outcome = outcomes.get(opId);
                if (outcome == null) {
                    continue;
                }
                String status = outcome.get("status").asText();
                if (!status.equals("APPLIED") && !status.equals("DELETED")) {
                    // Only a device's own documents: no conflict, no rejection is possible.
                    (status.equals("REJECTED") ? lost : unexpected).add(opId + " " + outcome);
                }
                if (!answered.contains(UUID.fromString(opId))) {
                    lost.add("no result on sync.results for " + opId + " " + outcome);
                }
            }
            Set<String> registry = tombstoneRegistry();
            for (DocState doc : expected.values()) {
                DocumentItem item = stored.get(doc.syncId);
                if (item == null) {
                    lost.add("document " + doc.syncId + " missing");
                    continue;
                }
                int effective = effectsOf.getOrDefault(doc.syncId, List.of()).size();
                if (item.version() > effective) {
                    doubled.add("document " + doc.syncId + " at version " + item.version() + " after " + effective
                            + " consolidated operations took effect");
                } else if (item.version() < effective) {
                    inconsistent.add("document " + doc.syncId + " at version " + item.version() + " after "
                            + effective + " consolidated operations took effect");
                }
                if (doc.deleted) {
                    if (!item.deleted()) {
                        lost.add("document " + doc.syncId + " deleted by its device but live: " + item.title());
                    } else if (!registry.contains(doc.syncId.toString())) {
                        lost.add("tombstone " + doc.syncId + " missing from the tombstone registry");
                    }
                } else if (item.deleted() || !doc.title.equals(item.title())) {
                    lost.add("document " + doc.syncId + " holds " + (item.deleted() ? "a tombstone" : item.title())
                            + " instead of " + doc.title);
                }
            }
            long applied = acknowledged.stream().map(outcomes::get)
                    .filter(o -> o != null && Set.of("APPLIED", "DELETED").contains(o.get("status").asText()))
                    .count();

            log("retried batches " + retries + ", consolidated operations " + operations.size() + ", results "
                    + results.size() + " (" + byResult.size() + " distinct), documents " + expected.size()
                    + ", dead letters " + dlq + ", results re-emitted as DUPLICATE " + confirmed.size()
                    + ", retried opIds folded with newer operations " + refolded.size());
            report("lost", lost);
            report("doubled", doubled);
            report("inconsistent version", inconsistent);
            report("unexpected outcome", unexpected);
            report("conflict", conflicts);
            report("re-emitted as DUPLICATE after a crash", confirmed);
            report("retried opId folded with newer operations", refolded);
            report("rejected at ingest", ingestRejections);
            diagnose(lost, doubled, inconsistent, unexpected, devices);
            String line = "FAULTS sent=" + sent.size() + " acknowledged=" + acknowledged.size() + " applied="
                    + applied + " lost=" + lost.size() + " doubled=" + doubled.size() + " faults="
                    + String.join(",", injected);
            try {
                assertThat(injected).containsExactlyElementsOf(FAULTS);
                assertThat(ingestRejections).as("operations rejected by the gateway").isEmpty();
                assertThat(acknowledged).as("every operation sent was acknowledged in the end")
                        .hasSameSizeAs(sent.keySet());
                assertThat(lag.values()).as("consumer lag per group %s", lag).allMatch(l -> l == 0);
                assertThat(lost).as("lost").isEmpty();
                assertThat(doubled).as("doubled").isEmpty();
                assertThat(inconsistent).as("versions").isEmpty();
                assertThat(unexpected).as("unexpected outcomes").isEmpty();
                assertThat(conflicts).as("conflicts (every document has one device)").isEmpty();
                assertThat(dlq.values()).as("dead letters %s", dlq).allMatch(n -> n == 0);
                assertThat(applied).as("applied").isEqualTo(acknowledged.size());
            } finally {
                System.out.println(line);
            }
        }

        /**
         * For the first syncIds named by a failed check: their records on every topic in order and the attempts of the
         * batches that carried their operations, so a failure can be explained from the output alone.
         */
        private void diagnose(List<String> lost, List<String> doubled, List<String> inconsistent,
                List<String> unexpected, List<SimulatedDevice> devices) {
            java.util.regex.Pattern uuid = java.util.regex.Pattern
                    .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            Map<String, SimulatedDevice> deviceOf = new HashMap<>();
            Set<String> syncIds = new java.util.LinkedHashSet<>();
            for (SimulatedDevice d : devices) {
                d.sent.forEach((opId, syncId) -> deviceOf.put(opId, d));
                d.docs.keySet().forEach(id -> deviceOf.put(id.toString(), d));
            }
            for (List<String> list : List.of(lost, doubled, inconsistent, unexpected)) {
                for (String item : list) {
                    java.util.regex.Matcher m = uuid.matcher(item);
                    while (m.find()) {
                        SimulatedDevice d = deviceOf.get(m.group());
                        if (d != null && d.sent.containsKey(m.group())) {
                            syncIds.add(d.sent.get(m.group()).toString());
                        } else if (d != null) {
                            syncIds.add(m.group());
                        }
                    }
                }
            }
            List<String> chosen = syncIds.stream().limit(5).toList();
            if (chosen.isEmpty()) {
                return;
            }
            Map<String, List<String>> timeline = new HashMap<>();
            for (String topic : List.of(Topics.CHANGES, Topics.OPERATIONS, Topics.RESULTS)) {
                for (ConsumerRecord<byte[], byte[]> r : readAll(topic)) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (!chosen.contains(key)) {
                        continue;
                    }
                    String where = topic + " " + r.partition() + "@" + r.offset() + " ";
                    String line = switch (topic) {
                        case Topics.CHANGES -> {
                            io.syncid.model.ChangeEvent e = EventJson.read(r.value(),
                                    io.syncid.model.ChangeEvent.class);
                            yield where + e.type() + " op " + e.opId() + " base " + e.baseVersion() + " received "
                                    + e.receivedAt() + (e.document() == null ? "" : " '" + e.document().title() + "'");
                        }
                        case Topics.OPERATIONS -> {
                            ConsolidatedOperation o = EventJson.read(r.value(), ConsolidatedOperation.class);
                            yield where + o.type() + " base " + o.baseVersion() + " sources " + o.sourceOpIds()
                                    + " tombstoned " + o.tombstonedOpIds()
                                    + (o.document() == null ? "" : " '" + o.document().title() + "'");
                        }
                        default -> {
                            WriteResult w = EventJson.read(r.value(), WriteResult.class);
                            yield where + w.outcome() + (w.errorCode() == null ? "" : " " + w.errorCode()) + " v"
                                    + w.version() + " result " + w.resultId() + " sources " + w.sourceOpIds()
                                    + " tombstoned " + w.tombstonedOpIds();
                        }
                    };
                    timeline.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
                }
            }
            for (String syncId : chosen) {
                log("diagnosis of " + syncId + ":");
                timeline.getOrDefault(syncId, List.of()).forEach(l -> log("  " + l));
                SimulatedDevice d = deviceOf.get(syncId);
                if (d != null) {
                    d.sent.forEach((opId, id) -> {
                        if (id.toString().equals(syncId)) {
                            log("  sent " + opId + " in a batch tried " + d.attempts.get(opId));
                        }
                    });
                }
            }
        }

        private static void report(String what, Collection<String> items) {
            items.stream().limit(20).forEach(i -> log(what + ": " + i));
            if (items.size() > 20) {
                log(what + ": … " + (items.size() - 20) + " more");
            }
        }

        /**
         * Waits until no consumer group has a record left to consume; its lag per group in records. A group's offset
         * lag (last stable offset minus committed offset) also counts transaction markers and aborted records, which
         * no consumer ever receives: where it is above 0, the records in between are read (read_committed) and
         * counted, and the offset lag is logged beside them.
         */
        private Map<String, Long> awaitNoLag(Instant deadline) throws Exception {
            try (Admin admin = system.infra().kafka().admin()) {
                while (true) {
                    Map<String, Long> lag = lag(admin, false);
                    if (!lag.isEmpty() && lag.values().stream().allMatch(l -> l == 0)
                            || Instant.now().isAfter(deadline)) {
                        log("consumer offset lag per group (markers included): " + lag(admin, true));
                        return lag;
                    }
                    SyncSystem.sleep(1_000);
                }
            }
        }

        private Map<String, Long> lag(Admin admin, boolean offsets) throws Exception {
            Map<String, Long> lag = new TreeMap<>();
            try {
                Collection<ConsumerGroupListing> groups = admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS);
                for (ConsumerGroupListing group : groups) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin
                            .listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS);
                    Set<String> topics = new HashSet<>();
                    committed.keySet().forEach(tp -> topics.add(tp.topic()));
                    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                    for (var description : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS)
                            .values()) {
                        description.partitions().forEach(p -> request.put(
                                new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
                    }
                    long total = 0;
                    var ends = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                            .all().get(10, TimeUnit.SECONDS);
                    for (var end : ends.entrySet()) {
                        OffsetAndMetadata at = committed.get(end.getKey());
                        long from = at == null ? 0 : at.offset();
                        long behind = Math.max(0, end.getValue().offset() - from);
                        total += offsets || behind == 0
                                ? behind
                                : recordsBetween(end.getKey(), from,
                                        end.getValue().offset());
                    }
                    lag.put(group.groupId(), total);
                }
            } catch (ExecutionException e) {
                lag.put("unavailable: " + e.getCause(), -1L);
            }
            return lag;
        }

        /** How many records a read_committed consumer receives from {@code tp} in [{@code from}, {@code to}). */
        private long recordsBetween(TopicPartition tp, long from, long to) {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                consumer.assign(List.of(tp));
                consumer.seek(tp, from);
                long count = 0;
                Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
                while (consumer.position(tp) < to && Instant.now().isBefore(deadline)) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        count += r.offset() < to ? 1 : 0;
                    }
                }
                return consumer.position(tp) < to ? Math.max(1, count) : count;
            }
        }

        private KafkaConsumer<byte[], byte[]> consumer() {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.infra().kafka().bootstrapServers());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
            return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        /** Every record of {@code topic} now, read_committed, up to the end offsets at the start. */
        private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
                Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new AssertionError("could not read " + topic + " to its end");
                    }
                    consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                }
                return out;
            }
        }

        /** The stored item of each syncId (BatchGetItem, consistent reads). */
        private Map<SyncId, DocumentItem> read(Collection<SyncId> ids) {
            DynamoDbClient dynamo = system.infra().dynamo().client();
            Map<SyncId, DocumentItem> items = new HashMap<>();
            List<SyncId> all = new ArrayList<>(ids);
            for (int i = 0; i < all.size(); i += 100) {
                List<Map<String, AttributeValue>> keys = all.subList(i, Math.min(all.size(), i + 100)).stream()
                        .map(id -> Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(id.toString()))).toList();
                Map<String, KeysAndAttributes> request = Map.of(DocumentsTable.NAME,
                        KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
                while (!request.isEmpty()) {
                    Map<String, KeysAndAttributes> asked = request;
                    BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(asked));
                    response.responses().getOrDefault(DocumentsTable.NAME, List.of()).forEach(item -> {
                        DocumentItem doc = DocumentItemCodec.fromItem(item);
                        items.put(doc.syncId(), doc);
                    });
                    request = response.unprocessedKeys();
                }
            }
            return items;
        }

        /** The syncIds in the tombstone-service's registry. */
        private Set<String> tombstoneRegistry() throws SQLException {
            PostgresServer postgres = system.infra().postgres();
            Set<String> ids = new HashSet<>();
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                    postgres.password());
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement
                            .executeQuery("SELECT sync_id::text FROM tombstones.document_tombstones")) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }
}
