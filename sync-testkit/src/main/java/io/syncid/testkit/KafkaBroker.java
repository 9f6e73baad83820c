package io.syncid.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.syncid.testkit.internal.Backends;
import io.syncid.testkit.internal.KafkaBackend;
import io.syncid.testkit.internal.KafkaTools;
import io.syncid.testkit.internal.Signals;

/**
 * A real Apache Kafka broker for tests, benchmarks and the local runner: by default a KRaft broker+controller child
 * process whose data survives {@link #kill()} and {@link #restart()} on the same address; with
 * {@code -Dsyncid.testkit.backend=containers} a Testcontainers broker (no crash tests).
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");

    private final KafkaBackend backend;

    private KafkaBroker(KafkaBackend backend) {
        this.backend = backend;
    }

    /**
     * Starts a broker keeping its data in {@code dataDir} (reused, with its port, if it exists), or in a temporary
     * directory under {@code target/} when null; returns once it answers.
     */
    public static KafkaBroker start(Path dataDir) {
        return new KafkaBroker(Backends.kafka(dataDir));
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return backend.bootstrapServers();
    }

    /** SIGKILL, as a crash would; records acknowledged with acks=all survive. */
    public void kill() {
        backend.kill();
    }

    /** Graceful stop; {@link #restart()} brings it back. */
    public void stop() {
        backend.stop();
    }

    /** Starts again (after {@link #kill()}, {@link #stop()}, or while running) on the same port and data. */
    public void restart() {
        backend.restart();
    }

    /** Freezes the broker (SIGSTOP): connections stay open and nothing answers, as with a hung broker. */
    public void pause() {
        Signals.pause(pid());
    }

    /** Lets a {@link #pause() paused} broker run again (SIGCONT). */
    public void resume() {
        Signals.resume(pid());
    }

    public boolean isRunning() {
        return backend.isRunning();
    }

    /** The broker's process id while running, -1 otherwise (and with containers). */
    public long pid() {
        return backend.pid();
    }

    /** The broker's directory: configuration, {@code kafka.log}, and data under {@code data/}. */
    public Path dataDir() {
        return backend.workDir();
    }

    /** Creates {@code topics} with replication factor 1; those that exist already are left as they are. */
    public void createTopics(Collection<String> topics, int partitions) {
        try (Admin admin = admin()) {
            List<NewTopic> requests = topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            admin.createTopics(requests).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + name, e);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create topic " + name, e);
                }
            });
        }
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /**
     * Runs kafka-tools' ProducerPerformance against this broker in a child JVM (acks=all, idempotent producer,
     * unthrottled, {@code topic} created with 6 partitions if missing) and returns the records per second it reports:
     * the baseline that ingest benchmarks divide by.
     */
    public double producerPerformance(String topic, int records, int recordSize) {
        createTopics(List.of(topic), 6);
        String output = KafkaTools.run(backend.workDir(), KafkaTools.MEASURED, List.of(
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", Integer.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrapServers(), "acks=all",
                "enable.idempotence=true"), Duration.ofMinutes(10));
        // Progress lines come every 5 s; the final summary is the last match.
        Matcher m = SUMMARY.matcher(output);
        double last = -1;
        while (m.find()) {
            last = Double.parseDouble(m.group(2));
        }
        if (last < 0) {
            throw new IllegalStateException("no throughput in ProducerPerformance output:\n" + output);
        }
        return last;
    }

    /**
     * Runs a main class of this broker's Kafka distribution (kafka-tools and the broker's jars, never this JVM's
     * classpath) with {@code arguments}, waits for it to end and returns its output.
     */
    public String runTool(List<String> arguments, Duration timeout) {
        return KafkaTools.run(backend.workDir(), KafkaTools.MEASURED, arguments, timeout);
    }

    /** Stops the broker and deletes its directory if it was temporary. */
    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + "]";
    }
}
