package io.syncid.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.syncid.testkit.AwsEndpoint;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy serving the S3 API over a local directory (jclouds filesystem-nio2), run from its fat jar as a child JVM:
 * the jar carries unrelocated AWS SDK classes, so it must never share a classpath with ours.
 */
public final class S3ProxyProcess implements LocalAwsProcess.Server {

    private S3ProxyProcess() {
    }

    /** Starts S3Proxy accepting {@code credentials}' keys (V2 or V4 signatures); returns once ListBuckets answers. */
    public static AwsBackend start(Path dataDir, AwsEndpoint credentials) {
        return LocalAwsProcess.start("s3-", dataDir, credentials, new S3ProxyProcess());
    }

    @Override
    public ManagedProcess launch(Path dir, int port, boolean temporary, AwsEndpoint aws) throws IOException {
        Files.createDirectories(dir.resolve("blobs"));
        Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
                "s3proxy.endpoint=" + aws.endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + aws.accessKeyId(),
                "s3proxy.credential=" + aws.secretAccessKey(),
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=" + aws.accessKeyId(),
                "jclouds.credential=" + aws.secretAccessKey(),
                "jclouds.filesystem.basedir=" + dir.resolve("blobs"),
                ""));
        List<String> command = List.of(ServerDistributions.java(), "-Xmx256m", "-XX:+UseSerialGC",
                // A test server handles little traffic: C1 alone starts faster and uses less CPU on 2 cores.
                "-XX:TieredStopAtLevel=1",
                "-Dsyncid.testkit.server=s3proxy", "-jar", ServerDistributions.s3ProxyJar().toString(),
                "--properties", dir.resolve("s3proxy.conf").toString());
        // Its logback configuration reads these: INFO would log every request.
        return ManagedProcess.start("s3proxy", command, dir, dir.resolve("s3proxy.log"),
                Map.of("LOG_LEVEL", "warn", "JETTY_LOG_LEVEL", "warn"), temporary ? dir : null);
    }

    @Override
    public void awaitReady(AwsEndpoint aws, ManagedProcess process) {
        int port = aws.endpoint().getPort();
        Waits.until("S3Proxy on port " + port, Duration.ofSeconds(60), () -> FreePorts.accepts(port), process);
        try (S3Client probe = AwsClients.s3(aws)) {
            Waits.until("S3Proxy on port " + port, Duration.ofSeconds(60), () -> {
                probe.listBuckets();
                return true;
            }, process);
        }
    }
}
