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

    /** Records per second of ProducerPerformance on {@code broker} after a warm-up, printed as the BASELINE line. */
    public static double measure(KafkaBroker broker, int records) {
        warmUp(broker);
        return measureOnce(broker, records);
    }

    /**
     * Warms the broker up ({@code -Dbenchmark.warmup=N} records, 0 for none): ingest benchmarks measure a warmed-up
     * service, and a broker measured cold would flatter them (~45k/s cold against ~60k/s warm for 200k records here).
     */
    public static void warmUp(KafkaBroker broker) {
        int warmup = Integer.getInteger("benchmark.warmup", 100_000);
        if (warmup > 0) {
            double cold = broker.producerPerformance(TOPIC + ".warmup", warmup, RECORD_SIZE);
            System.out.printf(Locale.ROOT, "WARMUP kafka ProducerPerformance: %.1f records/s (%d records, not "
                    + "counted)%n", cold, warmup);
        }
    }

    /** One measured ProducerPerformance run, printed as a BASELINE line. */
    public static double measureOnce(KafkaBroker broker, int records) {
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
