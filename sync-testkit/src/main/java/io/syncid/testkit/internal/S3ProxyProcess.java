package io.syncid.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
public final class S3ProxyProcess implements AwsBackend {

    private final AwsEndpoint aws;
    private final Path dir;
    private final boolean temporary;
    private final ManagedProcess process;

    private S3ProxyProcess(AwsEndpoint aws, Path dir, boolean temporary, ManagedProcess process) {
        this.aws = aws;
        this.dir = dir;
        this.temporary = temporary;
        this.process = process;
    }

    /** Starts S3Proxy accepting {@code credentials}' keys (V2 or V4 signatures); returns once ListBuckets answers. */
    public static S3ProxyProcess start(Path dataDir, AwsEndpoint credentials) {
        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create("s3-") : dataDir.toAbsolutePath();
        int port = FreePorts.next();
        ManagedProcess process = null;
        try {
            Files.createDirectories(dir.resolve("blobs"));
            Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + credentials.accessKeyId(),
                    "s3proxy.credential=" + credentials.secretAccessKey(),
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.identity=" + credentials.accessKeyId(),
                    "jclouds.credential=" + credentials.secretAccessKey(),
                    "jclouds.filesystem.basedir=" + dir.resolve("blobs"),
                    ""));
            List<String> command = List.of(ServerDistributions.java(), "-Xmx256m", "-XX:+UseSerialGC",
                    // A test server handles little traffic: C1 alone starts faster and uses less CPU on 2 cores.
                    "-XX:TieredStopAtLevel=1",
                    "-Dsyncid.testkit.server=s3proxy", "-jar", ServerDistributions.s3ProxyJar().toString(),
                    "--properties", dir.resolve("s3proxy.conf").toString());
            // Its logback configuration reads these: INFO would log every request.
            process = ManagedProcess.start("s3proxy", command, dir, dir.resolve("s3proxy.log"),
                    Map.of("LOG_LEVEL", "warn", "JETTY_LOG_LEVEL", "warn"), temporary ? dir : null);
            AwsEndpoint aws = credentials.at(URI.create("http://127.0.0.1:" + port));
            Waits.until("S3Proxy on port " + port, Duration.ofSeconds(60), () -> FreePorts.accepts(port), process);
            try (S3Client probe = AwsClients.s3(aws)) {
                Waits.until("S3Proxy on port " + port, Duration.ofSeconds(60), () -> {
                    probe.listBuckets();
                    return true;
                }, process);
            }
            return new S3ProxyProcess(aws, dir, temporary, process);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.kill();
            }
            if (temporary) {
                TempDirs.delete(dir);
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    @Override
    public AwsEndpoint aws() {
        return aws;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.stop();
        } finally {
            if (temporary) {
                TempDirs.delete(dir);
            }
        }
    }
}
