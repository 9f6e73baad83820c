package io.syncid.testkit.internal;

import java.nio.file.Path;

import io.syncid.testkit.AwsEndpoint;
import io.syncid.testkit.Backend;
import io.syncid.testkit.internal.containers.ContainerKafka;
import io.syncid.testkit.internal.containers.ContainerPostgres;
import io.syncid.testkit.internal.containers.LocalStackServer;

/**
 * Picks the implementation behind each facade from {@link Backend#selected()}. The container classes are only loaded
 * when chosen, so Testcontainers (an optional dependency) need not be on the classpath of the process backend.
 * Containers keep no data across runs: {@code dataDir} only applies to processes.
 */
public final class Backends {

    private Backends() {
    }

    public static KafkaBackend kafka(Path dataDir) {
        return Backend.selected() == Backend.CONTAINERS ? ContainerKafka.start() : KafkaProcess.start(dataDir);
    }

    /** {@code credentials}: region and keys the process backend accepts (LocalStack has its own). */
    public static AwsBackend dynamo(Path dataDir, AwsEndpoint credentials) {
        return Backend.selected() == Backend.CONTAINERS
                ? LocalStackServer.start("dynamodb")
                : DynaliteProcess.start(dataDir, credentials);
    }

    public static AwsBackend s3(Path dataDir, AwsEndpoint credentials) {
        return Backend.selected() == Backend.CONTAINERS
                ? LocalStackServer.start("s3")
                : S3ProxyProcess.start(dataDir, credentials);
    }

    public static PostgresBackend postgres(Path dataDir) {
        return Backend.selected() == Backend.CONTAINERS
                ? ContainerPostgres.start()
                : EmbeddedPostgresProcess.start(dataDir);
    }
}
