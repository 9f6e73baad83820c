package io.syncid.testkit.internal.containers;

import java.nio.file.Path;

import org.testcontainers.kafka.KafkaContainer;

import io.syncid.testkit.internal.KafkaBackend;
import io.syncid.testkit.internal.TempDirs;

/**
 * Kafka in a container (Apache's image, KRaft). Crash tests are refused: a restarted container gets a new host port,
 * and the API promises the same address after {@link #restart()}.
 */
public final class ContainerKafka implements KafkaBackend {

    public static final String IMAGE = "apache/kafka:4.1.1";

    private final KafkaContainer container;
    private final Path workDir;

    private ContainerKafka(KafkaContainer container, Path workDir) {
        this.container = container;
        this.workDir = workDir;
    }

    public static ContainerKafka start() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        container.start();
        return new ContainerKafka(container, TempDirs.create("kafka-container-"));
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void kill() {
        throw unsupported("kill");
    }

    @Override
    public void stop() {
        throw unsupported("stop");
    }

    @Override
    public void restart() {
        throw unsupported("restart");
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("cannot " + what + " Kafka with the containers backend (a restarted "
                + "container changes address); crash tests need -Dsyncid.testkit.backend=process");
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        try {
            container.stop();
        } finally {
            TempDirs.delete(workDir);
        }
    }
}
