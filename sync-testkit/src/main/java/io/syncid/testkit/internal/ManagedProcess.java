package io.syncid.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server running as a child process: output to a log file (never inherited), a pid file so a later run can stop it
 * if this JVM dies without cleaning up, and a shutdown hook so a normal JVM exit stops it.
 */
public final class ManagedProcess {

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;
    private final Thread hook;

    private ManagedProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.hook = new Thread(() -> kill(process), "syncid-testkit-stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code command}, appending its output to {@code logFile}. */
    public static ManagedProcess start(String name, List<String> command, Path workDir, Path logFile) {
        ProcessRegistry.reapStale();
        try {
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            Path pidFile = ProcessRegistry.register(process.pid(), name);
            return new ManagedProcess(name, process, logFile, pidFile);
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
        kill(process);
        forget();
    }

    /** SIGTERM, then SIGKILL if it does not exit in time. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
        }
        forget();
    }

    private void forget() {
        ProcessRegistry.unregister(pidFile);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ")";
    }
}
