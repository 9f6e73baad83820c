package io.syncid.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Pid files of every server a JVM started, under {@code ${java.io.tmpdir}/syncid-testkit/pids}. A server whose owning
 * JVM is gone (killed before its shutdown hook could run) is stopped by the next start: no stale server keeps ports
 * and memory.
 */
public final class ProcessRegistry {

    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "syncid-testkit", "pids");

    private ProcessRegistry() {
    }

    public static Path directory() {
        return DIR;
    }

    /** Records that this JVM owns process {@code pid}. */
    public static Path register(long pid, String name) {
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(pid + ".pid");
            Properties p = new Properties();
            p.setProperty("pid", Long.toString(pid));
            p.setProperty("owner", Long.toString(ProcessHandle.current().pid()));
            p.setProperty("ownerStart", ProcessHandle.current().info().startInstant().map(Object::toString).orElse(""));
            p.setProperty("name", name);
            p.setProperty("command", ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse(""));
            try (var out = Files.newOutputStream(file)) {
                p.store(out, "syncid-testkit server");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void unregister(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a leftover file is reaped later: the process it names is gone or not ours
        }
    }

    /** Stops every registered server whose owning JVM no longer runs, and forgets the pid files of dead servers. */
    public static synchronized void reapStale() {
        if (!Files.isDirectory(DIR)) {
            return;
        }
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                reap(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void reap(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            Files.deleteIfExists(file);
            return;
        }
        long pid = Long.parseLong(p.getProperty("pid", "-1"));
        long owner = Long.parseLong(p.getProperty("owner", "-1"));
        boolean ownerAlive = ProcessHandle.of(owner)
                .filter(h -> h.info().startInstant().map(Object::toString).orElse("")
                        .equals(p.getProperty("ownerStart", "")))
                .isPresent();
        if (ownerAlive) {
            return;
        }
        String command = p.getProperty("command", "");
        if (command.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        ProcessHandle.of(pid)
                .filter(h -> h.info().commandLine().orElse("").equals(command))
                .ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                });
        Files.deleteIfExists(file);
    }
}
