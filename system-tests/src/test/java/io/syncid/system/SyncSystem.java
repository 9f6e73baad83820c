package io.syncid.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.EventJson;
import io.syncid.testkit.ServiceProcess;
import io.syncid.testkit.SyncInfrastructure;
import io.syncid.testkit.auth.DevJwt;
import io.syncid.testkit.internal.FreePorts;

/**
 * The whole data path on one machine for a system test: the four servers from sync-testkit and the packaged services
 * (gateway, consolidator, writer, …) as child processes, plus a small device-API client. Everything stops on close.
 */
final class SyncSystem implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("syncid.root", "..")).toAbsolutePath().normalize();
    /** Where every service process logs ({@code <module>-<port>[-<n>].log}). */
    static final Path LOGS = ROOT.resolve("system-tests/target/system-logs");

    private final SyncInfrastructure infra;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    /** Each started module's settings, so {@link #restart(String)} starts it again exactly as before. */
    private final Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    private final Map<String, Integer> starts = new LinkedHashMap<>();
    private final DevJwt signer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SyncSystem(SyncInfrastructure infra) {
        this.infra = infra;
        this.signer = DevJwt.fromPem(ROOT.resolve("deploy/local/dev-keys/privateKey.pem"), DevJwt.DEV_ISSUER);
    }

    /**
     * Starts the servers ({@code partitions} per topic) and then each of {@code modules}, in order; {@code extra} adds
     * settings per module name (a service refuses {@code syncid.*} keys that are not its own).
     */
    static SyncSystem start(int partitions, Map<String, Map<String, String>> extra, String... modules) {
        SyncSystem system = new SyncSystem(SyncInfrastructure.start(null, partitions));
        try {
            Map<String, String> config = new LinkedHashMap<>(system.infra.serviceConfig());
            config.put("mp.jwt.verify.publickey.location",
                    ROOT.resolve("deploy/local/dev-keys/publicKey.pem").toUri().toString());
            Files.createDirectories(LOGS);
            for (String module : modules) {
                int port = FreePorts.next();
                Map<String, String> own = new LinkedHashMap<>(config);
                own.putAll(extra.getOrDefault(module, Map.of()));
                system.configs.put(module, own);
                system.ports.put(module, port);
                system.services.add(system.launch(module));
            }
            return system;
        } catch (IOException | RuntimeException e) {
            system.close();
            throw e instanceof IOException io ? new IllegalStateException(io) : (RuntimeException) e;
        }
    }

    private ServiceProcess launch(String module) {
        int port = ports.get(module);
        int start = starts.merge(module, 1, Integer::sum);
        // A restarted module logs to a file of its own, so the log of the killed process stays as it was.
        String log = module + "-" + port + (start == 1 ? "" : "-" + start) + ".log";
        return ServiceProcess.start(module, ServiceProcess.jarOf(ROOT, module), port, configs.get(module),
                LOGS.resolve(log), List.of("-Xmx384m"));
    }

    /**
     * Crashes {@code module} (SIGKILL: no shutdown hook, no leaving the consumer group, no flush) and starts a new
     * process of it on the same port with the same settings; returns once the new one is ready.
     */
    void restart(String module) {
        int index = indexOf(module);
        services.get(index).kill();
        services.set(index, launch(module));
    }

    /** Crashes {@code module} (SIGKILL) without starting it again; {@link #start(String)} brings it back. */
    void kill(String module) {
        services.get(indexOf(module)).kill();
    }

    /** Starts a new process of a {@link #kill(String) killed} {@code module}, as {@link #restart(String)} does. */
    void start(String module) {
        services.set(indexOf(module), launch(module));
    }

    /** Whether the current process of {@code module} runs. */
    boolean isAlive(String module) {
        return services.get(indexOf(module)).isAlive();
    }

    private int indexOf(String module) {
        for (int i = 0; i < services.size(); i++) {
            if (services.get(i).name().equals(module)) {
                return i;
            }
        }
        throw new IllegalArgumentException(module + " was not started");
    }

    SyncInfrastructure infra() {
        return infra;
    }

    String token(String userId) {
        return signer.token(userId);
    }

    /**
     * An operator's token (JWT group {@code operator}, as {@code deploy/local/token.sh --operator} makes): the admin
     * APIs of the tombstone-service and the migration-worker.
     */
    /** Thread.sleep for the tests' polling loops, interruption kept. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String operatorToken(String subject) {
        return signer.operatorToken(subject, Duration.ofHours(1));
    }

    /** An operator's call ({@code GET} or {@code POST} without a body) to {@code path} of {@code module}. */
    Answer admin(String module, String method, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(module, path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        return send(operatorToken("ops-system-test"), request);
    }

    /** The answer of one device-API call: status and JSON body (null when empty or not JSON). */
    record Answer(int status, JsonNode body) {
    }

    Answer get(String userId, String path) {
        return send(token(userId), HttpRequest.newBuilder(gateway(path)).GET());
    }

    Answer post(String userId, String path, Object body) {
        return send(token(userId), HttpRequest.newBuilder(gateway(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.write(body))));
    }

    private URI gateway(String path) {
        return uri("sync-gateway", path);
    }

    /** {@code path} on the service {@code module} started by this system. */
    URI uri(String module, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(module) + path);
    }

    /** The plain text at {@code path} of {@code module} (e.g. its Prometheus metrics). */
    String text(String module, String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(module, path)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer send(String bearer, HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.header("Authorization", "Bearer " + bearer)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            JsonNode json = body.length == 0 ? null : EventJson.mapper().readTree(body);
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (RuntimeException e) {
                // keep stopping the others
            }
        }
        infra.close();
    }
}
