package io.syncid.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes {@code bench/RESULTS.md} (one table of every figure of a run, each with its baseline, ratio and goal, and the
 * machine it ran on) and {@code bench/latency.svg} (the cumulative distribution of the end-to-end latencies the run
 * sampled; {@link #main} draws it again from the last run's samples) with JFreeChart drawing into JFreeSVG.
 */
final class ResultsPage {

    /** The latency samples plotted, by the label of their curve. */
    private static final List<Map.Entry<String, String>> CURVES = List.of(
            Map.entry("end-to-end-latency", "202 -> outcome visible (GET /v1/operations), writer benchmark"),
            Map.entry("live-long-poll", "push -> another device's long-poll answers, live-changes benchmark"));

    private ResultsPage() {
    }

    static void write(Path folder, List<BenchmarkReport.Figure> figures, Map<String, String> failures,
            Map<String, Duration> durations, Instant started) throws IOException {
        Files.createDirectories(folder);
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Written by `./mvnw -B -pl system-tests -am -DskipTests -Pbenchmark-all verify` (`AllBenchmarks`), ")
                .append("which ran every benchmark of the project one after the other on ")
                .append(started.truncatedTo(ChronoUnit.SECONDS)).append(" in ")
                .append(Duration.between(started, Instant.now()).toMinutes()).append(" minutes (")
                .append(durations.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toSeconds() + " s")
                        .collect(Collectors.joining(", ")))
                .append(").\n\n");
        md.append("**Machine:** ").append(machine()).append(". Every server (Kafka, dynalite, S3Proxy, PostgreSQL), ")
                .append("every service and the load generator share these cores, so a ratio says how close the ")
                .append("service comes to its baseline on the same machine in the same minutes; what each benchmark ")
                .append("does, its knobs and its profile are in the README (Benchmarks).\n\n");
        md.append("Ratio = ours ÷ baseline (for a latency, lower is better; for a throughput, higher).\n\n");
        md.append("| Benchmark | Figure | Baseline | Ours | Ratio | Goal | Met |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (BenchmarkReport.Figure f : figures) {
            md.append("| ").append(f.benchmark()).append(" | ").append(f.figure()).append(" | ").append(f.baseline())
                    .append(" | ").append(f.ours()).append(" | ")
                    .append(f.ratio() == null ? "—" : String.format(Locale.ROOT, "%.3f", f.ratio())).append(" | ")
                    .append(f.goal()).append(" | ")
                    .append(f.met() == null ? "—" : f.met() ? "yes" : "**no**").append(" |\n");
        }
        failures.forEach((name, why) -> md.append("| ").append(name).append(" | **failed** (").append(why)
                .append(") | | | | | **no** |\n"));
        md.append("\n## End-to-end latency\n\n![Cumulative distribution of the end-to-end latencies](latency.svg)\n\n");
        for (Map.Entry<String, String> curve : CURVES) {
            double[] samples = BenchmarkReport.readSamples(curve.getKey());
            if (samples.length > 0) {
                Arrays.sort(samples);
                md.append(String.format(Locale.ROOT, "- %s: %d samples, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms%n", curve.getValue(), samples.length, nearestRank(samples, 50),
                        nearestRank(samples, 90), nearestRank(samples, 99), samples[samples.length - 1]));
            }
        }
        Files.writeString(folder.resolve("RESULTS.md"), md.toString());
        Files.writeString(folder.resolve("latency.svg"), plot());
    }

    /** Draws {@code bench/latency.svg} again from the samples of the last run in {@code system-tests/target/bench}. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(System.getProperty("syncid.root", ".")).toAbsolutePath().normalize();
        Files.writeString(root.resolve("bench/latency.svg"), plot());
    }

    /** The cumulative distribution of each kept latency sample set. */
    private static String plot() throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, String> curve : CURVES) {
            double[] samples = BenchmarkReport.readSamples(curve.getKey());
            if (samples.length == 0) {
                continue;
            }
            Arrays.sort(samples);
            XYSeries series = new XYSeries(curve.getValue());
            // At most about 250 points a curve: the shape stays, the file stays small.
            int step = Math.max(1, samples.length / 250);
            for (int i = 0; i < samples.length; i++) {
                if (i % step == 0 || i == samples.length - 1) {
                    series.add(samples[i], 100.0 * (i + 1) / samples.length);
                }
            }
            data.addSeries(series);
        }
        System.setProperty("java.awt.headless", "true");
        JFreeChart chart = ChartFactory.createXYLineChart("End-to-end latency (cumulative)", "latency, ms",
                "% of operations at or below", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        NumberAxis latency = new NumberAxis("latency, ms");
        latency.setAutoRangeIncludesZero(true);
        plot.setDomainAxis(latency);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 100);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
        }
        SVGGraphics2D svg = new SVGGraphics2D(900, 500);
        chart.draw(svg, new Rectangle(0, 0, 900, 500));
        return svg.getSVGDocument();
    }

    /** CPU model, cores, memory, operating system and Java of this machine. */
    private static String machine() {
        String cpu = "unknown CPU";
        String memory = "? GiB";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> String.format(Locale.ROOT, "%.1f GiB RAM",
                            Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                    .orElse(memory);
        } catch (IOException | RuntimeException e) {
            // not Linux: the table still names cores, OS and Java
        }
        return String.format(Locale.ROOT, "%s, %d cores, %s, %s %s, Java %s", cpu,
                Runtime.getRuntime().availableProcessors(), memory, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"));
    }

    private static double nearestRank(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
