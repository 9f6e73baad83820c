package io.syncid.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.syncid.model.ChangeEvent;
import io.syncid.model.CloudEventHeaders;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventJson;
import io.syncid.model.EventSchema;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.ServiceProcess;
import io.syncid.testkit.internal.FreePorts;

/**
 * The queue-consolidator against a pass-through consume→produce loop with the same transactional settings (one
 * transaction per poll of up to 2000 records, offsets in the transaction, read_committed, acks=all, idempotence), both
 * as fresh child JVMs on the same embedded broker: throughput on one backlog (ratio, goal ≥ 0.8), reduction (100k
 * operations over 1k syncIds of one device), and idle latency from the {@code sync.changes} append to visibility on the
 * output topic (p50/p99, added p99 goal ≤ 5 ms). The reduction runs with {@code max-batch-records} of
 * {@code -Dbenchmark.batch} (default: the whole backlog, 100000). Run with {@code ./mvnw -B -pl system-tests -am -DskipTests
 * -Pbenchmark-consolidation verify} ({@code -Dbenchmark.records=N}, default 200000, per round; {@code -Dbenchmark.rounds=R}, default 3; {@code -Dbenchmark.profile=true}
 * records a JFR of each consolidator JVM in {@code system-tests/target/consolidator-<n>.jfr}, numbered in start order).
 */
public final class ConsolidationBenchmark {

    private static final String PASSTHROUGH_TOPIC = "bench.passthrough";
    private static final String BASELINE_GROUP = "bench-passthrough";
    private static final String OURS_GROUP = "bench-consolidator";
    private static final int MAX_POLL_RECORDS = 2000;
    /** The consolidator's default {@code max-batch-records}. */
    private static final int DEFAULT_BATCH = 20_000;
    private static final int LATENCY_SAMPLES = 300;
    private static final java.util.concurrent.atomic.AtomicInteger STARTS = new java.util.concurrent.atomic.AtomicInteger();
    private static final DocumentContent DOC = new DocumentContent("Home insurance", "insurance",
            Map.of("renewal", "2027-01-31"), null);

    private ConsolidationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("passthrough")) {
            passThrough(args[1], args[2]);
            return;
        }
        int records = Integer.getInteger("benchmark.records", 200_000);
        Path root = Path.of(System.getProperty("syncid.root", ".")).toAbsolutePath().normalize();
        Path target = root.resolve("system-tests/target");
        Files.createDirectories(target);
        try (KafkaBroker broker = KafkaBroker.start(null); Admin admin = broker.admin()) {
            String bootstrap = broker.bootstrapServers();
            broker.createTopics(Topics.all(), 6);
            broker.createTopics(List.of(PASSTHROUGH_TOPIC), 6);

            // 1. Throughput on one backlog per round: several devices and syncIds, so the fold has work but writes
            // about as many records as the pass-through (what is compared is the cost per record of the loop). Both
            // loops start as fresh JVMs on every round and take turns going first, so that warm-up, the page cache and
            // whatever else runs on the machine weigh on both alike; the ratio reported is the median of the rounds.
            Random random = new Random(42);
            int rounds = Integer.getInteger("benchmark.rounds", 3);
            double[] ratios = new double[rounds];
            double[] baselineRates = new double[rounds];
            double[] oursRates = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                send(bootstrap, backlog(records, records / 4, 4, random));
                long end = endOffsets(admin);
                // Whichever loop read a fresh backlog first was measurably slower (the broker still settling the
                // appends): one untimed read of the whole topic first, so both loops find it alike.
                readAll(bootstrap, Topics.CHANGES);
                double baselineRate = 0;
                double oursRate = 0;
                for (int turn = 0; turn < 2; turn++) {
                    boolean baselineTurn = (turn == 0) == (round % 2 == 0);
                    if (baselineTurn) {
                        Process baseline = startPassThrough(bootstrap, target);
                        try {
                            baselineRate = rate(admin, BASELINE_GROUP, end);
                        } finally {
                            stop(baseline);
                        }
                    } else {
                        try (ServiceProcess ours = startConsolidator(root, bootstrap, target, DEFAULT_BATCH)) {
                            oursRate = rate(admin, OURS_GROUP, end);
                        }
                    }
                }
                ratios[round] = oursRate / baselineRate;
                baselineRates[round] = baselineRate;
                oursRates[round] = oursRate;
                System.out.printf(Locale.ROOT, "ROUND %d (%s first): baseline pass-through %.1f records/s, "
                        + "consolidator %.1f records/s, ratio %.3f (%d records, transaction per poll of up to %d)%n",
                        round + 1, round % 2 == 0 ? "baseline" : "consolidator", baselineRate, oursRate,
                        ratios[round], records, MAX_POLL_RECORDS);
            }
            double[] sortedRatios = ratios.clone();
            Arrays.sort(sortedRatios);
            System.out.printf(Locale.ROOT, "THROUGHPUT RATIO consolidator/baseline: %.3f, median of %d rounds %s "
                    + "(goal >= 0.8)%n", sortedRatios[rounds / 2], rounds, Arrays.toString(ratios));

            double median = sortedRatios[rounds / 2];
            double[] sortedBaselines = baselineRates.clone();
            Arrays.sort(sortedBaselines);
            double[] sortedOurs = oursRates.clone();
            Arrays.sort(sortedOurs);
            BenchmarkReport.figure("Consolidation", "throughput, transactional read-process-write of " + records
                    + " operations (median of " + rounds + " rounds)",
                    BenchmarkReport.format(sortedBaselines[rounds / 2],
                            0, "records/s (pass-through loop)"),
                    BenchmarkReport.format(sortedOurs[rounds / 2], 0,
                            "records/s"),
                    median, ">= 0.8", median >= 0.8);

            // 2. Idle latency: single operations at a low rate; both loops run and see every one of them.
            Process baseline = startPassThrough(bootstrap, target);
            try (ServiceProcess ours = startConsolidator(root, bootstrap, target, DEFAULT_BATCH)) {
                rate(admin, BASELINE_GROUP, endOffsets(admin));
                rate(admin, OURS_GROUP, endOffsets(admin));
                latency(bootstrap);
            } finally {
                stop(baseline);
            }

            // 3. Reduction: a backlog of one device over 1k syncIds, queued while the consolidator is down.
            int reductionOps = 100_000;
            int reductionIds = 1_000;
            List<ChangeEvent> reduction = backlog(reductionOps, reductionIds, 1, random);
            Set<String> keys = new HashSet<>();
            reduction.forEach(e -> keys.add(e.syncId().toString()));
            send(bootstrap, reduction);
            long reductionEnd = endOffsets(admin);
            int batch = Integer.getInteger("benchmark.batch", reductionOps);
            try (ServiceProcess again = startConsolidator(root, bootstrap, target, batch)) {
                rate(admin, OURS_GROUP, reductionEnd);
            }
            long out = countKeys(bootstrap, keys);
            System.out.printf(Locale.ROOT, "REDUCTION: %d operations over %d syncIds of one device -> %d "
                    + "consolidated operations (goal %d; max-batch-records %d)%n", reductionOps, reductionIds, out,
                    reductionIds, batch);
            BenchmarkReport.figure("Consolidation", "reduction of a backlog of " + reductionOps + " operations over "
                    + reductionIds + " syncIds", reductionOps + " operations", out + " consolidated",
                    (double) out / reductionOps, reductionIds + " (one per syncId)", out == reductionIds);
        }
    }

    /** The baseline loop, run as its own JVM: copies every record of sync.changes, one transaction per poll. */
    static void passThrough(String bootstrap, String group) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-passthrough");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        // The consolidator's own setting (syncid.consolidator.producer-retry-backoff): both loops retry alike.
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(Topics.CHANGES));
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(PASSTHROUGH_TOPIC, null, r.key(), r.value(), r.headers()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
            }
        }
    }

    private static Process startPassThrough(String bootstrap, Path target) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ConsolidationBenchmark.class.getName(), "passthrough", bootstrap, BASELINE_GROUP)
                .redirectErrorStream(true)
                .redirectOutput(target.resolve("passthrough-benchmark.log").toFile())
                .start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static ServiceProcess startConsolidator(Path root, String bootstrap, Path target, int batch) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("syncid.consolidator.group-id", OURS_GROUP);
        config.put("syncid.consolidator.instance-id", "bench");
        config.put("syncid.consolidator.max-poll-records", Integer.toString(MAX_POLL_RECORDS));
        config.put("syncid.consolidator.max-batch-records", Integer.toString(batch));
        config.put("quarkus.log.level", "WARN");
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        if (Boolean.getBoolean("benchmark.profile")) {
            jvm.add("-XX:StartFlightRecording=filename="
                    + target.resolve("consolidator-" + STARTS.incrementAndGet() + ".jfr") + ",settings=profile");
        }
        return ServiceProcess.start("queue-consolidator", ServiceProcess.jarOf(root, "queue-consolidator"),
                FreePorts.next(), config, target.resolve("consolidator-benchmark.log"), jvm);
    }

    /**
     * Records per second the group consumed and committed, from its first commit past the first tenth of the records
     * still to do until it committed {@code end}: the JVM's start-up and warm-up are not counted, and the
     * consolidator's larger transactions (up to {@code max-batch-records}) do not hide more of its warm-up than the
     * pass-through's.
     */
    private static double rate(Admin admin, String group, long end) throws Exception {
        long firstCount = -1;
        long firstAt = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long before = committed(admin, group);
        long warmedUp = before + (end - before) / 10;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            long count = committed(admin, group);
            if (firstCount < 0 && count > warmedUp && count < end) {
                firstCount = count;
                firstAt = now;
            }
            if (count >= end) {
                return firstCount < 0 ? Double.NaN : (count - firstCount) / ((now - firstAt) / 1e9);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(group + " did not reach " + end);
    }

    private static void latency(String bootstrap) throws Exception {
        Map<String, Long> baselineSeen = new ConcurrentHashMap<>();
        Map<String, Long> oursSeen = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread baselineWatch = watch(bootstrap, PASSTHROUGH_TOPIC, baselineSeen, running);
        Thread oursWatch = watch(bootstrap, Topics.OPERATIONS, oursSeen, running);
        Thread.sleep(3_000);
        double[] baseline = new double[LATENCY_SAMPLES];
        double[] ours = new double[LATENCY_SAMPLES];
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            for (int i = -20; i < LATENCY_SAMPLES; i++) {
                ChangeEvent event = op(SyncId.random(), "phone", OperationType.UPDATE, 1);
                String key = event.syncId().toString();
                long sent = System.nanoTime();
                producer.send(record(event)).get();
                long deadline = sent + TimeUnit.SECONDS.toNanos(30);
                while ((!baselineSeen.containsKey(key) || !oursSeen.containsKey(key))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(0, 200_000);
                }
                if (i >= 0) {
                    // The first 20 warm the path up and are not counted.
                    baseline[i] = (baselineSeen.get(key) - sent) / 1e6;
                    ours[i] = (oursSeen.get(key) - sent) / 1e6;
                }
                Thread.sleep(50);
            }
        } finally {
            running.set(false);
            baselineWatch.join();
            oursWatch.join();
        }
        Arrays.sort(baseline);
        Arrays.sort(ours);
        System.out.printf(Locale.ROOT, "IDLE LATENCY baseline: p50 %.2f ms, p99 %.2f ms (%d single operations, "
                + "append to read_committed visibility)%n", pct(baseline, 50), pct(baseline, 99), LATENCY_SAMPLES);
        System.out.printf(Locale.ROOT, "IDLE LATENCY consolidator: p50 %.2f ms, p99 %.2f ms%n", pct(ours, 50),
                pct(ours, 99));
        System.out.printf(Locale.ROOT, "IDLE LATENCY added: p50 %.2f ms, p99 %.2f ms (goal p99 <= 5 ms)%n",
                pct(ours, 50) - pct(baseline, 50), pct(ours, 99) - pct(baseline, 99));
        double added = pct(ours, 99) - pct(baseline, 99);
        BenchmarkReport.figure("Consolidation", "idle latency p99, single operations (added: ours − baseline)",
                BenchmarkReport.format(pct(baseline, 99), 2, "ms"), BenchmarkReport.format(pct(ours, 99), 2, "ms"),
                null, "added <= 5 ms (is " + BenchmarkReport.format(added, 2, "ms") + ")", added <= 5);
    }

    /** A thread noting when each key first becomes visible (read_committed) on {@code topic}. */
    private static Thread watch(String bootstrap, String topic, Map<String, Long> seen, AtomicBoolean running) {
        Thread t = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = reader(bootstrap)) {
                List<TopicPartition> partitions = partitions(consumer, topic);
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        seen.putIfAbsent(new String(r.key(), StandardCharsets.UTF_8), System.nanoTime());
                    }
                }
            }
        }, "watch-" + topic);
        t.start();
        return t;
    }

    /** Reads {@code topic} from its beginning to its current end, discarding what it reads. */
    private static void readAll(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = reader(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200));
            }
        }
    }

    /** Consolidated operations on sync.operations whose key is one of {@code keys}. */
    private static long countKeys(String bootstrap, Set<String> keys) {
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = reader(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, Topics.OPERATIONS);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Set<UUID> opIds = new HashSet<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(new String(r.key(), StandardCharsets.UTF_8))) {
                        count++;
                        opIds.addAll(EventJson.read(r.value(), ConsolidatedOperation.class).allOpIds());
                    }
                }
            }
            System.out.printf(Locale.ROOT, "REDUCTION check: %d distinct source opIds in them%n", opIds.size());
        }
        return count;
    }

    /** {@code count} operations over {@code syncIds} syncIds of {@code devices} devices, each syncId created first. */
    private static List<ChangeEvent> backlog(int count, int syncIds, int devices, Random random) {
        List<SyncId> ids = new ArrayList<>(syncIds);
        for (int i = 0; i < syncIds; i++) {
            ids.add(SyncId.random());
        }
        boolean[] created = new boolean[syncIds];
        List<ChangeEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int s = random.nextInt(syncIds);
            OperationType type = created[s] ? OperationType.UPDATE : OperationType.CREATE;
            created[s] = true;
            out.add(op(ids.get(s), "device-" + random.nextInt(devices), type, 0));
        }
        return out;
    }

    private static ChangeEvent op(SyncId syncId, String device, OperationType type, long baseVersion) {
        Instant now = Instant.now();
        return new ChangeEvent(EventSchema.CURRENT_VERSION, UUID.randomUUID(), syncId, type, baseVersion, now, DOC,
                "user", "bench-user", device, now);
    }

    private static ProducerRecord<byte[], byte[]> record(ChangeEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, event.opId().toString().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.CHANGES, null, event.syncId().toString().getBytes(StandardCharsets.UTF_8),
                EventJson.write(event), headers);
    }

    private static void send(String bootstrap, List<ChangeEvent> events) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            for (ChangeEvent event : events) {
                producer.send(record(event));
            }
            producer.flush();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> reader(String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.CHANGES))
                .filter(e -> e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
    }

    private static long endOffsets(Admin admin) throws Exception {
        return endOffsets(admin, Topics.CHANGES);
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(o -> o.offset()).sum();
    }

    private static double pct(double[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
