package io.syncid.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Apache Kafka in KRaft combined mode (broker and controller in one JVM) as a child process, from the distribution
 * sync-testkit-servers resolved. Its two ports are kept in the data directory, so a restart, even by a later run,
 * comes back on the same address.
 */
public final class KafkaProcess implements KafkaBackend {

    private final Path dir;
    private final boolean temporary;
    private final int port;
    private final int controllerPort;
    private ManagedProcess process;

    private KafkaProcess(Path dir, boolean temporary, int port, int controllerPort) {
        this.dir = dir;
        this.temporary = temporary;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker on {@code dataDir} (formatted on first use), or on a temporary directory when null. */
    public static KafkaProcess start(Path dataDir) {
        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create("kafka-") : dataDir.toAbsolutePath();
        KafkaProcess broker = null;
        try {
            Files.createDirectories(dir);
            Properties ports = ports(dir);
            broker = new KafkaProcess(dir, temporary, Integer.parseInt(ports.getProperty("port")),
                    Integer.parseInt(ports.getProperty("controller.port")));
            broker.writeConfig();
            if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
                broker.format();
            }
            broker.launch();
            return broker;
        } catch (IOException | RuntimeException e) {
            if (broker != null) {
                broker.close();
            } else if (temporary) {
                TempDirs.delete(dir);
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    @Override
    public synchronized void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    @Override
    public synchronized void restart() {
        stop();
        launch();
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public Path workDir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (temporary) {
                TempDirs.delete(dir);
            }
        }
    }

    private void launch() {
        List<String> command = List.of(ServerDistributions.java(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-Dsyncid.testkit.server=kafka", "-cp", ServerDistributions.kafkaClasspath(), "kafka.Kafka",
                dir.resolve("server.properties").toString());
        process = ManagedProcess.start("kafka", command, dir, dir.resolve("kafka.log"), Map.of(),
                temporary ? dir : null);
        try {
            awaitReady();
        } catch (RuntimeException e) {
            process.kill();
            process = null;
            throw e;
        }
    }

    /**
     * Ready means the broker answers DescribeCluster. Its listener opens only once the broker is unfenced, so a cheap
     * TCP probe comes first and a single admin client is used afterwards (a new one per poll costs more than the wait).
     */
    private void awaitReady() {
        String what = "Kafka on " + bootstrapServers();
        Waits.until(what, Duration.ofSeconds(90), () -> FreePorts.accepts(port), process);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            Waits.until(what, Duration.ofSeconds(60),
                    () -> !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty(), process);
        }
    }

    private void format() {
        KafkaTools.run(dir, KafkaTools.QUICK, List.of("kafka.tools.StorageTool", "format", "-t",
                clusterId(new SecureRandom()), "-c",
                dir.resolve("server.properties").toString(), "--standalone"), Duration.ofSeconds(60));
    }

    /**
     * A random cluster id as Kafka writes them (16 bytes, base64url), never starting with '-': the storage tool's
     * argument parser would take such an id for an option and fail the start (1 in 64 ids did).
     */
    static String clusterId(Random random) {
        byte[] id = new byte[16];
        String clusterId;
        do {
            random.nextBytes(id);
            clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        } while (clusterId.startsWith("-"));
        return clusterId;
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
                // Services create their topics (the runner and test resources do it for them): a typo is an error.
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
                // After kill -9 the controller must expire the old incarnation before the new one is unfenced:
                // with the defaults that takes ~12 s, with these ~4 s.
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=2000",
                // The cleaner's default 128 MiB buffer alone would dominate the broker's memory.
                "log.cleaner.dedupe.buffer.size=16777216",
                "num.network.threads=2",
                "num.io.threads=4",
                "") + "\n";
        Files.writeString(dir.resolve("server.properties"), config);
        KafkaTools.writeLog4j(dir.resolve("log4j2.properties"));
    }

    /** The broker's ports: chosen once per data directory and reused, so clients' addresses stay valid. */
    private static Properties ports(Path dir) throws IOException {
        Path file = dir.resolve("ports.properties");
        Properties ports = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                ports.load(in);
            }
            int port = Integer.parseInt(ports.getProperty("port"));
            int controller = Integer.parseInt(ports.getProperty("controller.port"));
            if (FreePorts.isFree(port) && FreePorts.isFree(controller)) {
                return ports;
            }
            throw new IllegalStateException("ports " + port + "/" + controller + " recorded in " + file
                    + " are taken: is another broker running on this data directory?");
        }
        ports.setProperty("port", Integer.toString(FreePorts.next()));
        ports.setProperty("controller.port", Integer.toString(FreePorts.next()));
        try (OutputStream out = Files.newOutputStream(file)) {
            ports.store(out, "ports of this broker, kept across restarts");
        }
        return ports;
    }
}
