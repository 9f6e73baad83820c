package io.syncid.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server running as a child process: output appended to a log file (never inherited, so a chatty server cannot
 * block on a full pipe or flood the build log), a pid file for the reaper, and a shutdown hook for a normal JVM exit.
 */
public final class ManagedProcess {

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;
    private final Thread hook;

    private ManagedProcess(String name, Process process, Path logFile, Path pidFile, Path scratch) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.hook = new Thread(() -> {
            terminate(process, 5);
            ProcessRegistry.unregister(pidFile);
            TempDirs.delete(scratch);
        }, "syncid-testkit-stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code command} in {@code workDir}, appending its output to {@code logFile}. */
    public static ManagedProcess start(String name, List<String> command, Path workDir, Path logFile) {
        return start(name, command, workDir, logFile, Map.of(), null);
    }

    /**
     * As {@link #start(String, List, Path, Path)}, with extra environment variables; {@code scratch} (nullable) is a
     * temporary directory to delete if the JVM exits, or dies, without closing the server.
     */
    public static ManagedProcess start(String name, List<String> command, Path workDir, Path logFile,
            Map<String, String> environment, Path scratch) {
        ProcessRegistry.reapStale();
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            Path pidFile = ProcessRegistry.register(process.pid(), name, scratch);
            return new ManagedProcess(name, process, logFile, pidFile, scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    /** SIGKILL, as a crash would. */
    public void kill() {
        terminate(process, 0);
        forget();
    }

    /** SIGTERM, then SIGKILL if it has not exited after 30 s. */
    public void stop() {
        terminate(process, 30);
        forget();
    }

    private void forget() {
        ProcessRegistry.unregister(pidFile);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway and finds the process gone
        }
    }

    private static void terminate(Process process, int graceSeconds) {
        try {
            if (graceSeconds > 0 && process.isAlive()) {
                process.destroy();
                if (process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    return;
                }
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ")";
    }
}
