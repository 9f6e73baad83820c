package io.syncid.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Pid files of every server a JVM started, under {@code ${java.io.tmpdir}/syncid-testkit/pids}, so that a server whose
 * owning JVM died before its shutdown hook could run (kill -9, a crashed fork) is stopped by the next start instead of
 * holding ports and memory forever.
 */
public final class ProcessRegistry {

    /** Marks a file as ours, so the reaper never acts on a stray file that merely ends in {@code .pid}. */
    static final String MARKER = "syncid-testkit";

    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "syncid-testkit", "pids");

    private ProcessRegistry() {
    }

    public static Path directory() {
        return DIR;
    }

    /** Records that this JVM owns process {@code pid}; returns the pid file, to hand to {@link #unregister}. */
    public static Path register(long pid, String name) {
        return register(pid, name, null);
    }

    /**
     * As {@link #register(long, String)}; {@code scratch} (nullable), the server's temporary directory, is deleted
     * too when the server is reaped.
     */
    public static Path register(long pid, String name, Path scratch) {
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(pid + ".pid");
            ProcessHandle owner = ProcessHandle.current();
            Properties p = new Properties();
            p.setProperty("marker", MARKER);
            p.setProperty("name", name);
            p.setProperty("pid", Long.toString(pid));
            p.setProperty("start", startOf(ProcessHandle.of(pid)));
            p.setProperty("owner", Long.toString(owner.pid()));
            p.setProperty("ownerStart", startOf(Optional.of(owner)));
            if (scratch != null) {
                p.setProperty("scratch", scratch.toAbsolutePath().toString());
            }
            Path tmp = DIR.resolve(pid + ".pid.tmp");
            try (var out = Files.newOutputStream(tmp)) {
                p.store(out, "a server started by sync-testkit; stopped by the next start if its owner is gone");
            }
            // Atomic, so a concurrent reaper never reads half a file and deletes it as garbage.
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void unregister(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a leftover file is harmless: the reaper finds its process gone and deletes it
        }
    }

    /** Stops every registered server whose owning JVM no longer runs, and forgets pid files of dead servers. */
    public static synchronized void reapStale() {
        if (!Files.isDirectory(DIR)) {
            return;
        }
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
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
            return;
        }
        if (!MARKER.equals(p.getProperty("marker"))) {
            return;
        }
        long pid;
        long owner;
        try {
            pid = Long.parseLong(p.getProperty("pid", ""));
            owner = Long.parseLong(p.getProperty("owner", ""));
        } catch (NumberFormatException e) {
            Files.deleteIfExists(file);
            return;
        }
        // Start instants tell a live owner from a new process that happens to reuse its pid.
        if (isSame(ProcessHandle.of(owner), p.getProperty("ownerStart", ""))) {
            return;
        }
        ProcessHandle.of(pid).filter(h -> isSame(Optional.of(h), p.getProperty("start", ""))).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
            System.err.println("[syncid-testkit] stopped stale " + p.getProperty("name") + " (pid " + pid
                    + ") left behind by dead JVM " + owner);
        });
        String scratch = p.getProperty("scratch", "");
        // Only ever a directory TempDirs made: a pid file is no licence to delete anything else.
        if (!scratch.isEmpty() && Path.of(scratch).getParent().endsWith(Path.of("target", "syncid-testkit"))) {
            TempDirs.delete(Path.of(scratch));
        }
        Files.deleteIfExists(file);
    }

    private static boolean isSame(Optional<ProcessHandle> handle, String start) {
        return !start.isEmpty() && handle.filter(ProcessHandle::isAlive).map(h -> startOf(Optional.of(h)))
                .filter(start::equals).isPresent();
    }

    private static String startOf(Optional<ProcessHandle> handle) {
        return handle.flatMap(h -> h.info().startInstant()).map(Object::toString).orElse("");
    }
}
