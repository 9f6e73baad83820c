package io.syncid.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.syncid.testkit.internal.ManagedProcess;
import io.syncid.testkit.internal.ServerDistributions;
import io.syncid.testkit.internal.Waits;

/**
 * A packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) run as a child process with the given
 * configuration, ready once {@code /q/health/ready} answers 200. For the local runner and the system tests.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final ManagedProcess process;

    private ServiceProcess(String name, int port, ManagedProcess process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** The packaged application of {@code module} under the repository root, if it was built. */
    public static Path jarOf(Path repoRoot, String module) {
        return repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Starts {@code jar} on {@code port} with {@code config} as system properties; waits until it is ready. */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> config, Path logFile,
            List<String> jvmOptions) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " does not exist: build " + name + " first");
        }
        List<String> command = new ArrayList<>();
        command.add(ServerDistributions.java());
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        ManagedProcess process = ManagedProcess.start(name, command, jar.getParent(), logFile);
        ServiceProcess service = new ServiceProcess(name, port, process);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Waits.until(name + " on port " + port, Duration.ofSeconds(90), () -> {
            try {
                return http.send(HttpRequest.newBuilder(ready).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, process);
        return service;
    }

    public String name() {
        return name;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash would. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.stop();
    }
}
