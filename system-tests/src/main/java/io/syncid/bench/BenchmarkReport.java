package io.syncid.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where every benchmark leaves its figures for {@code bench/RESULTS.md}: one JSON line per figure in
 * {@code system-tests/target/bench/figures.jsonl} and, for a latency distribution, its samples in
 * {@code <name>.samples}. A benchmark run alone writes them too; {@link AllBenchmarks} starts from an empty folder.
 */
public final class BenchmarkReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One row of the table: what was measured, the baseline it is compared with, ours, their ratio (null when the
     * figure has none), the goal and whether it was met (null when the figure has no goal).
     */
    public record Figure(String benchmark, String figure, String baseline, String ours, Double ratio, String goal,
            Boolean met) {
    }

    private BenchmarkReport() {
    }

    /** The folder of this run's figures. */
    public static Path folder() {
        Path root = Path.of(System.getProperty("syncid.root", ".")).toAbsolutePath().normalize();
        return root.resolve("system-tests/target/bench");
    }

    /** Adds a figure to the run's table. */
    public static void figure(String benchmark, String figure, String baseline, String ours, Double ratio, String goal,
            Boolean met) {
        Figure row = new Figure(benchmark, figure, baseline, ours, ratio, goal, met);
        try {
            Files.createDirectories(folder());
            Files.writeString(folder().resolve("figures.jsonl"), JSON.writeValueAsString(row) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps a latency distribution (milliseconds, one per line) for the plot beside the table. */
    public static void samples(String name, double[] millis) {
        try {
            Files.createDirectories(folder());
            Files.writeString(folder().resolve(name + ".samples"), Arrays.stream(millis)
                    .mapToObj(m -> String.format(Locale.ROOT, "%.3f", m)).collect(Collectors.joining("\n", "", "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The figures written so far, in order. */
    public static List<Figure> read() throws IOException {
        Path file = folder().resolve("figures.jsonl");
        List<Figure> figures = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    figures.add(JSON.readValue(line, Figure.class));
                }
            }
        }
        return figures;
    }

    /** The samples kept under {@code name}, or none. */
    public static double[] readSamples(String name) throws IOException {
        Path file = folder().resolve(name + ".samples");
        if (!Files.exists(file)) {
            return new double[0];
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).mapToDouble(Double::parseDouble).toArray();
    }

    /** {@code value} with {@code digits} decimals and {@code unit}, as the table shows it. */
    public static String format(double value, int digits, String unit) {
        return String.format(Locale.ROOT, "%,." + digits + "f %s", value, unit).trim();
    }
}
