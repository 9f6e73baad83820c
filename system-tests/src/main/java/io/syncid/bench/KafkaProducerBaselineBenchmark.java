package io.syncid.bench;

import java.util.Locale;

import io.syncid.testkit.KafkaBroker;

/**
 * The baseline every ingest benchmark divides by: kafka-tools' ProducerPerformance on the embedded broker, 512-byte
 * records, acks=all, idempotent producer, unthrottled. Run alone with {@code ./mvnw -B -pl system-tests -am -Pbaseline
 * verify} ({@code -Dbenchmark.records=N}, default 200000; {@code -Dbenchmark.warmup=N}, default 100000, 0 for none).
 */
public final class KafkaProducerBaselineBenchmark {

    public static final int RECORD_SIZE = 512;
    public static final String TOPIC = "bench.baseline";

    private KafkaProducerBaselineBenchmark() {
    }

    /** Records per second of ProducerPerformance on {@code broker}, printed as the {@code BASELINE} line. */
    public static double measure(KafkaBroker broker, int records) {
        int warmup = Integer.getInteger("benchmark.warmup", 100_000);
        if (warmup > 0) {
            // Ingest benchmarks measure a warmed-up service; a broker measured cold would flatter them (~45k/s cold
            // against ~60k/s warm for 200k records here).
            double cold = broker.producerPerformance(TOPIC + ".warmup", warmup, RECORD_SIZE);
            System.out.printf(Locale.ROOT, "WARMUP kafka ProducerPerformance: %.1f records/s (%d records, not "
                    + "counted)%n", cold, warmup);
        }
        double perSecond = broker.producerPerformance(TOPIC, records, RECORD_SIZE);
        System.out.printf(Locale.ROOT, "BASELINE kafka ProducerPerformance: %.1f records/s (%d records of %d bytes, "
                + "acks=all, idempotent)%n", perSecond, records, RECORD_SIZE);
        return perSecond;
    }

    public static void main(String[] args) {
        int records = Integer.getInteger("benchmark.records", 200_000);
        try (KafkaBroker broker = KafkaBroker.start(null)) {
            measure(broker, records);
        }
    }
}
