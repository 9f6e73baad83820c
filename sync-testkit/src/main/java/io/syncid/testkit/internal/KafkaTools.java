package io.syncid.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the Kafka distribution (StorageTool, ProducerPerformance, ...) as a child JVM. */
public final class KafkaTools {

    private KafkaTools() {
    }

    /** JVM options for a short-lived tool: its start-up is all that counts. */
    public static final List<String> QUICK = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** JVM options for a tool whose throughput is measured: the JVM's defaults (G1, both JIT tiers). */
    public static final List<String> MEASURED = List.of("-Xmx512m");

    /**
     * Runs {@code arguments} (main class first) in a JVM with {@code jvmOptions} and returns its output; fails on a
     * non-zero exit or timeout.
     */
    public static String run(Path workDir, List<String> jvmOptions, List<String> arguments, Duration timeout) {
        Path log4j = workDir.resolve("log4j2.properties");
        List<String> command = new ArrayList<>();
        command.add(ServerDistributions.java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dlog4j2.configurationFile=" + log4j, "-cp", ServerDistributions.kafkaClasspath()));
        command.addAll(arguments);
        Path out = null;
        Process p = null;
        try {
            if (!Files.exists(log4j)) {
                writeLog4j(log4j);
            }
            out = Files.createTempFile(workDir, "tool-", ".out");
            p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Kafka tool did not finish in " + timeout + ": " + arguments
                        + "\n" + Files.readString(out));
            }
            String output = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Kafka tool failed (exit " + p.exitValue() + "): " + arguments
                        + "\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + arguments, e);
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // scratch file in the broker's own directory: harmless
                }
            }
        }
    }

    /** Log4j2 configuration for the broker and its tools: warnings only, to standard output (the log file). */
    static void writeLog4j(Path file) throws IOException {
        Files.writeString(file, String.join("\n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.out.ref=out",
                "appender.out.type=Console",
                "appender.out.name=out",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=[%d] %p %m (%c)%n",
                // One line that says the broker is up, with its version: worth having in a crash-test log.
                "logger.server.name=kafka.server.KafkaRaftServer",
                "logger.server.level=INFO",
                ""));
    }
}
