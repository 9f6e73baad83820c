package io.syncid.bench;

import io.syncid.testkit.KafkaBroker;

/**
 * The baseline every ingest benchmark divides by: kafka-tools' ProducerPerformance on the embedded broker, 512-byte
 * records, acks=all, idempotent producer, unthrottled.
 */
public final class KafkaProducerBaseline {

    public static final int RECORD_SIZE = 512;

    private KafkaProducerBaseline() {
    }

    /** Records per second of ProducerPerformance on {@code broker}. */
    public static double measure(KafkaBroker broker, int records) {
        double perSecond = broker.producerPerformance("bench.baseline", records, RECORD_SIZE);
        System.out.printf("BASELINE kafka ProducerPerformance: %.1f records/s (%d records of %d bytes, acks=all, "
                + "idempotent)%n", perSecond, records, RECORD_SIZE);
        return perSecond;
    }

    /** Runs the baseline alone: {@code -Dbenchmark.records=N}. */
    public static void main(String[] args) {
        int records = Integer.getInteger("benchmark.records", 200_000);
        try (KafkaBroker broker = KafkaBroker.start(null)) {
            measure(broker, records);
        }
    }
}
