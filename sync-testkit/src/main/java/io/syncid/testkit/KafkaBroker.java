package io.syncid.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.syncid.testkit.internal.FreePorts;
import io.syncid.testkit.internal.ManagedProcess;
import io.syncid.testkit.internal.ServerDistributions;
import io.syncid.testkit.internal.TempDirs;
import io.syncid.testkit.internal.Waits;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one process), started from the
 * distribution sync-testkit-servers resolved. Data survives {@link #kill()} and {@link #restart()}; ports are kept in
 * the data directory so a restart, even by a later run, comes back on the same address.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dir;
    private final boolean temporary;
    private final int port;
    private final int controllerPort;
    private final ContainerServers.Started container;
    private ManagedProcess process;

    private KafkaBroker(Path dir, boolean temporary, int port, int controllerPort, ContainerServers.Started container) {
        this.dir = dir;
        this.temporary = temporary;
        this.port = port;
        this.controllerPort = controllerPort;
        this.container = container;
    }

    /** Starts a broker keeping its data in {@code dataDir} (reused if it exists), or in a temporary dir when null. */
    public static KafkaBroker start(Path dataDir) {
        if (Backend.selected() == Backend.CONTAINERS) {
            KafkaBroker broker = new KafkaBroker(TempDirs.create("kafka-tools-"), true, -1, -1,
                    ContainerServers.kafka());
            try {
                broker.writeConfig();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return broker;
        }
        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create("kafka-") : dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Properties ports = loadPorts(dir);
            int port = Integer.parseInt(ports.getProperty("port"));
            int controllerPort = Integer.parseInt(ports.getProperty("controller.port"));
            KafkaBroker broker = new KafkaBroker(dir, temporary, port, controllerPort, null);
            broker.writeConfig();
            if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
                broker.format();
            }
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return container != null ? container.address() : "127.0.0.1:" + port;
    }

    /** SIGKILL, as a crash would; data written with acks=all survives. */
    public void kill() {
        requireProcess("kill");
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** Graceful stop. */
    public void stop() {
        requireProcess("stop");
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    /** Starts again on the same ports and data, waiting until it answers. */
    public void restart() {
        stop();
        launch();
    }

    public boolean isRunning() {
        return container != null || process != null && process.isAlive();
    }

    private void requireProcess(String what) {
        if (container != null) {
            throw new UnsupportedOperationException("cannot " + what + " Kafka with the containers backend, "
                    + "whose restart changes the address; crash tests need -D" + Backend.PROPERTY + "=process");
        }
    }

    /** Creates topics (replication factor 1); those that exist are left as they are. */
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
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create topic " + name, e);
                }
            });
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /** The process id, while running (for tests that prove it is gone after close). */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public Path dataDir() {
        return dir;
    }

    @Override
    public void close() {
        if (container != null) {
            Dynalite.stop(null, container.stopper());
        } else {
            stop();
        }
        if (temporary) {
            TempDirs.delete(dir);
        }
    }

    /**
     * Runs kafka-tools' ProducerPerformance against this broker (acks=all, idempotent producer, unthrottled) and
     * returns the records per second it reports: the baseline other benchmarks divide by.
     */
    public double producerPerformance(String topic, int records, int recordSize) {
        createTopics(List.of(topic), 6);
        String output = runTool(List.of("org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", Integer.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrapServers(), "acks=all",
                "enable.idempotence=true", "linger.ms=5"), Duration.ofMinutes(10));
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(\\d+) records sent, ([0-9.]+) records/sec")
                .matcher(output);
        double last = -1;
        while (m.find()) {
            last = Double.parseDouble(m.group(2));
        }
        if (last < 0) {
            throw new IllegalStateException("no throughput in ProducerPerformance output:\n" + output);
        }
        return last;
    }

    /** Runs {@code command} on this broker's own Kafka distribution (e.g. kafka-tools), waiting for it to end. */
    public String runTool(List<String> arguments, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(ServerDistributions.java(), "-Xmx512m", "-cp",
                ServerDistributions.kafkaClasspath(),
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties")));
        command.addAll(arguments);
        try {
            Path out = Files.createTempFile(dir, "tool-", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("tool did not finish in " + timeout + ": " + arguments);
            }
            String output = Files.readString(out);
            Files.deleteIfExists(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("tool failed (" + p.exitValue() + "): " + arguments + "\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        List<String> command = List.of(ServerDistributions.java(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-Dsyncid.testkit.server=kafka", "-cp", ServerDistributions.kafkaClasspath(), "kafka.Kafka",
                dir.resolve("server.properties").toString());
        process = ManagedProcess.start("kafka", command, dir, dir.resolve("kafka.log"));
        Waits.until("Kafka on " + bootstrapServers(), Duration.ofSeconds(60), this::answers, process);
    }

    private boolean answers() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private void format() {
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        runTool(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                dir.resolve("server.properties").toString(), "--standalone"), Duration.ofSeconds(60));
    }

    private void writeConfig() throws IOException {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=6",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "min.insync.replicas=1",
                "group.initial.rebalance.delay.ms=0",
                // Quick recovery after kill -9: the controller notices the broker's return within seconds.
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=2000",
                "log.cleaner.dedupe.buffer.size=16777216",
                "num.network.threads=2",
                "num.io.threads=4",
                "") + "\n";
        Files.writeString(dir.resolve("server.properties"), config);
        Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.out.ref=out",
                "appender.out.type=Console",
                "appender.out.name=out",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=[%d] %p %m (%c)%n",
                "logger.kafka.name=kafka",
                "logger.kafka.level=WARN",
                "logger.server.name=kafka.server.KafkaRaftServer",
                "logger.server.level=INFO",
                ""));
    }

    private static Properties loadPorts(Path dir) throws IOException {
        Path file = dir.resolve("ports.properties");
        Properties ports = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                ports.load(in);
            }
            int port = Integer.parseInt(ports.getProperty("port"));
            int controller = Integer.parseInt(ports.getProperty("controller.port"));
            if (FreePorts.isFree(port) && FreePorts.isFree(controller)) {
                return ports;
            }
            throw new IllegalStateException("ports " + port + "/" + controller + " recorded in " + file
                    + " are taken: is another broker using this data directory?");
        }
        ports.setProperty("port", Integer.toString(FreePorts.next()));
        ports.setProperty("controller.port", Integer.toString(FreePorts.next()));
        ports.setProperty("uuid", UUID.randomUUID().toString());
        try (var out = Files.newOutputStream(file)) {
            ports.store(out, "ports of this broker, kept across restarts");
        }
        return ports;
    }
}
