package io.syncid.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every benchmark of the project in one run, one after the other (each in a JVM of its own, starting and stopping its
 * own servers, so none measures another's leftovers), then {@code bench/RESULTS.md} and {@code bench/latency.svg}
 * from their figures ({@link ResultsPage}). A benchmark that fails is named in the table with its log and the run goes
 * on; the command fails at the end. Run with {@code ./mvnw -B -pl system-tests -am -DskipTests -Pbenchmark-all verify};
 * sizes are those of each benchmark's own command except the migration's ({@code 10 000} documents instead of 50 000,
 * to keep the whole run near half an hour on a 2-core machine).
 */
public final class AllBenchmarks {

    /** One benchmark of the run: its main class and the settings it runs with. */
    private record Step(String name, String mainClass, Map<String, String> settings) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("gateway-ingest", "io.syncid.bench.GatewayIngestBenchmark",
                    Map.of("benchmark.records", "400000", "benchmark.rounds", "3", "benchmark.clients", "48",
                            "benchmark.warmup", "100000")),
            new Step("consolidation", "io.syncid.bench.ConsolidationBenchmark",
                    Map.of("benchmark.records", "200000", "benchmark.rounds", "3")),
            new Step("writer", "io.syncid.bench.WriterBenchmark", Map.of("benchmark.records", "20000")),
            new Step("migration", "io.syncid.bench.MigrationBenchmark", Map.of("benchmark.records", "10000")),
            new Step("pull", "io.syncid.bench.PullBenchmark",
                    Map.of("benchmark.records", "5000", "benchmark.rounds", "15")),
            new Step("live-changes", "io.syncid.bench.LiveChangesBenchmark",
                    Map.of("benchmark.records", "200", "benchmark.connections", "10000")),
            new Step("footprint", "io.syncid.bench.ServiceFootprintBenchmark", Map.of()));

    /** The longest any one benchmark may take (the migration's 10 000 documents take about ten minutes). */
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(25);

    private AllBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("syncid.root", ".")).toAbsolutePath().normalize();
        Path folder = BenchmarkReport.folder();
        if (Files.exists(folder)) {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(folder);
        Instant started = Instant.now();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, Duration> durations = new LinkedHashMap<>();
        for (Step step : STEPS) {
            Instant begin = Instant.now();
            int exit = run(root, step, folder.resolve(step.name() + ".log"));
            durations.put(step.name(), Duration.between(begin, Instant.now()));
            if (exit != 0) {
                failures.put(step.name(), "exit " + exit + ", see system-tests/target/bench/" + step.name() + ".log");
            }
        }
        ResultsPage.write(root.resolve("bench"), BenchmarkReport.read(), failures, durations, started);
        System.out.println("RESULTS written to " + root.resolve("bench/RESULTS.md") + " and "
                + root.resolve("bench/latency.svg") + " in " + Duration.between(started, Instant.now()).toMinutes()
                + " min");
        if (!failures.isEmpty()) {
            System.out.println("FAILED benchmarks: " + failures);
            System.exit(1);
        }
    }

    /** Runs one benchmark in a JVM of its own; its output goes to this console and to {@code log}. */
    private static int run(Path root, Step step, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dsyncid.root=" + root);
        step.settings().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(step.mainClass());
        System.out.printf(Locale.ROOT, "=== %s (%s %s)%n", step.name(), step.mainClass(), step.settings());
        Process process = new ProcessBuilder(command).directory(root.resolve("system-tests").toFile())
                .redirectErrorStream(true).start();
        Thread copier = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); PrintWriter file = new PrintWriter(Files.newBufferedWriter(log))) {
                String line;
                while ((line = out.readLine()) != null) {
                    System.out.println(line);
                    file.println(line);
                }
            } catch (IOException e) {
                System.out.println("WARN output of " + step.name() + " lost: " + e);
            }
        }, step.name() + "-output");
        copier.start();
        // A benchmark whose main failed can leave a non-daemon thread behind; its JVM must not hold up the run.
        if (!process.waitFor(STEP_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
            System.out.println("WARN " + step.name() + " still running after " + STEP_TIMEOUT + ": stopped");
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        int exit = process.waitFor();
        copier.join(TimeUnit.SECONDS.toMillis(10));
        return exit;
    }
}
