package io.syncid.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.syncid.model.SyncId;
import io.syncid.model.Topics;
import io.syncid.testkit.auth.DevJwt;
import io.syncid.testkit.internal.FreePorts;

/**
 * README command 1 as a user meets it: the runner reaches its ready line with the gateway up, a push is accepted,
 * SIGTERM (what Ctrl-C's shutdown hook also runs) stops every process it started, and a second start on the same data
 * directory still has the pushed record.
 */
class LocalRunnerTest {

    private static final Path ROOT = Path.of(System.getProperty("syncid.root", "../..")).toAbsolutePath().normalize();

    @Test
    void startsPushesStopsCleanlyAndKeepsItsDataAcrossARestart() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "runner-data-").toAbsolutePath();
        int port = FreePorts.block(5); // the gateway's port and the four services' after it
        String token = DevJwt.fromPem(ROOT.resolve("deploy/local/dev-keys/privateKey.pem"), DevJwt.DEV_ISSUER)
                .token("runner-user");
        String opId = SyncId.random().toString();

        Runner first = Runner.start(dataDir, port);
        try {
            assertThat(first.output()).contains("sync-gateway").contains("http://localhost:" + port);
            HttpResponse<String> push = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/v1/changes"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers
                            .ofString("{\"deviceId\":\"runner-test\",\"operations\":[{\"opId\":\""
                                    + opId + "\",\"syncId\":\"" + SyncId.random()
                                    + "\",\"type\":\"CREATE\",\"occurredAt\":\"2026-11-24T10:15:30Z\",\"document\":"
                                    + "{\"title\":\"t\",\"category\":\"c\"}}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(push.statusCode()).isEqualTo(202);
            assertThat(push.body()).contains("ACCEPTED");
        } finally {
            first.stop();
        }
        first.assertEverythingStopped();

        Runner second = Runner.start(dataDir, port);
        try {
            assertThat(recordsOn(second.kafkaBootstrap())).as("the pushed record survived the restart")
                    .isGreaterThanOrEqualTo(1);
        } finally {
            second.stop();
        }
        second.assertEverythingStopped();
    }

    private static long recordsOn(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHANGES, Duration.ofSeconds(20)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The runner as a child JVM, as deploy/local/run.sh starts it (minus the build). */
    private record Runner(Process process, StringBuilder log, List<ProcessHandle> children) {

        static Runner start(Path dataDir, int port) throws Exception {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    LocalRunner.class.getName(),
                    "--data-dir", dataDir.toString(), "--base-port", Integer.toString(port), "--partitions", "2"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("SYNCID_HOME", ROOT.toString());
            Process process = builder.start();
            StringBuilder log = new StringBuilder();
            CompletableFuture<Boolean> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (log) {
                            log.append(line).append('\n');
                        }
                        if (line.contains("syncid local is READY")) {
                            ready.complete(true);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                ready.complete(false);
            });
            reader.setDaemon(true);
            reader.start();
            boolean isReady;
            try {
                isReady = ready.get(180, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                isReady = false;
            }
            Runner runner = new Runner(process, log, new ArrayList<>(process.descendants().toList()));
            if (!isReady) {
                runner.stop();
                throw new AssertionError("the runner never printed its ready line:\n" + runner.output());
            }
            return runner;
        }

        String output() {
            synchronized (log) {
                return log.toString();
            }
        }

        String kafkaBootstrap() {
            Matcher m = Pattern.compile("kafka\\s+(127\\.0\\.0\\.1:\\d+)").matcher(output());
            assertThat(m.find()).as("kafka address in:\n%s", output()).isTrue();
            return m.group(1);
        }

        void stop() throws InterruptedException {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                all.forEach(ProcessHandle::destroyForcibly);
            }
            children.addAll(all);
        }

        void assertEverythingStopped() throws InterruptedException {
            assertThat(children).as("the runner started servers and services").isNotEmpty();
            for (ProcessHandle child : children) {
                child.onExit().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> child);
            }
            Thread.sleep(500);
            assertThat(children.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                    .as("processes still alive after the runner stopped").isEmpty();
        }
    }
}
