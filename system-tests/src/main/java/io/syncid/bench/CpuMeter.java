package io.syncid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU seconds used by named processes (each with its descendants) between two points of a benchmark, read from
 * {@code /proc/<pid>/stat} (Linux; elsewhere every figure is 0): on a machine where every server shares the same cores,
 * where the CPU goes says more about a throughput than any one latency.
 */
final class CpuMeter {

    /** Clock ticks per second of {@code /proc} times; 100 on every Linux this runs on. */
    private static final double TICKS = 100.0;

    private final Map<String, Long> pids = new LinkedHashMap<>();

    void add(String name, long pid) {
        pids.put(name, pid);
    }

    /** CPU seconds so far of every process, by name. */
    Map<String, Double> snapshot() {
        Map<String, Double> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> out.put(name, cpuSeconds(pid)));
        out.put("benchmark", cpuSeconds(ProcessHandle.current().pid(), false));
        return out;
    }

    /** One line: CPU seconds per process since {@code before}, and per {@code units} of work in milliseconds. */
    String since(Map<String, Double> before, int units, String unit) {
        Map<String, Double> now = snapshot();
        double total = 0;
        StringBuilder parts = new StringBuilder();
        for (Map.Entry<String, Double> e : now.entrySet()) {
            double used = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            total += used;
            parts.append(String.format(Locale.ROOT, ", %s %.1f s (%.2f ms/%s)", e.getKey(), used,
                    1000 * used / units, unit));
        }
        return String.format(Locale.ROOT, "total %.1f s (%.2f ms/%s)", total, 1000 * total / units, unit) + parts;
    }

    /** CPU seconds of every process since {@code before}, by name. */
    Map<String, Double> used(Map<String, Double> before) {
        Map<String, Double> out = new LinkedHashMap<>();
        snapshot().forEach((name, seconds) -> out.put(name, seconds - before.getOrDefault(name, 0.0)));
        return out;
    }

    /**
     * The most units a second this machine can do when each costs at least {@code floorMillis} of CPU (the servers'
     * share that no code of ours can avoid, and a client's least work) and every core does nothing else.
     */
    static double ceiling(double floorMillis) {
        return Runtime.getRuntime().availableProcessors() * 1000.0 / floorMillis;
    }

    /** The milliseconds per unit of every process in {@code used}. */
    static double totalMillisPer(Map<String, Double> used, int units) {
        return 1000 * used.values().stream().mapToDouble(Double::doubleValue).sum() / units;
    }

    /** The milliseconds per unit of the named processes in {@code used}. */
    static double millisPer(Map<String, Double> used, int units, String... names) {
        double sum = 0;
        for (String name : names) {
            sum += used.getOrDefault(name, 0.0);
        }
        return 1000 * sum / units;
    }

    private static double cpuSeconds(long pid) {
        return cpuSeconds(pid, true);
    }

    private static double cpuSeconds(long pid, boolean withDescendants) {
        double sum = ticks(pid);
        if (withDescendants) {
            sum += ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                    .collect(Collectors.summingDouble(p -> ticks(p.pid())));
        }
        return sum / TICKS;
    }

    /** utime + stime of one process; 0 when it is gone or this is not Linux. */
    private static double ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The resident set of {@code pid} in KiB (VmRSS), 0 once it has ended. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
