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

    private final SyncInfrastructure infra;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
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
            Path logs = ROOT.resolve("system-tests/target/system-logs");
            Files.createDirectories(logs);
            for (String module : modules) {
                int port = FreePorts.next();
                Map<String, String> own = new LinkedHashMap<>(config);
                own.putAll(extra.getOrDefault(module, Map.of()));
                system.services.add(ServiceProcess.start(module, ServiceProcess.jarOf(ROOT, module), port, own,
                        logs.resolve(module + "-" + port + ".log"), List.of("-Xmx384m")));
                system.ports.put(module, port);
            }
            return system;
        } catch (IOException | RuntimeException e) {
            system.close();
            throw e instanceof IOException io ? new IllegalStateException(io) : (RuntimeException) e;
        }
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
