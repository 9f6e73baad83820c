package io.syncid.consolidator.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.syncid.testkit.ServiceProcess;
import io.syncid.testkit.internal.FreePorts;

/** The packaged consolidator ({@code target/quarkus-app}) as a child process, for crash and replica tests. */
public final class PackagedService {

    private static final Pattern IN_TOTAL = Pattern.compile("(?m)^sync_consolidation_in_total(?:\\{[^}]*})? (\\S+)$");

    private PackagedService() {
    }

    /**
     * Starts a replica named {@code instance} against {@code bootstrap} that folds at most {@code batch} records per
     * transaction; returns once it is ready.
     */
    public static ServiceProcess start(String bootstrap, String instance, int batch) {
        Path jar = Path.of(System.getProperty("syncid.consolidator.jar", "target/quarkus-app/quarkus-run.jar"));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("syncid.consolidator.instance-id", instance);
        config.put("syncid.consolidator.max-poll-records", Integer.toString(Math.min(batch, 2000)));
        config.put("syncid.consolidator.max-batch-records", Integer.toString(batch));
        config.put("syncid.consolidator.retry-backoff-max", "1s");
        return ServiceProcess.start("queue-consolidator-" + instance, jar, FreePorts.next(), config,
                Path.of("target/it-logs/" + instance + "-" + System.nanoTime() + ".log"), List.of("-Xmx256m"));
    }

    /** The replica's {@code sync_consolidation_in_total}: how many operations it folded and committed. */
    public static double operationsIn(ServiceProcess service) {
        try {
            String metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(service.baseUri() + "/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = IN_TOTAL.matcher(metrics);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
