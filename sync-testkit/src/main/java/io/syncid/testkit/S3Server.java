package io.syncid.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.syncid.testkit.internal.FreePorts;
import io.syncid.testkit.internal.ManagedProcess;
import io.syncid.testkit.internal.ServerDistributions;
import io.syncid.testkit.internal.TempDirs;
import io.syncid.testkit.internal.Waits;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3Proxy serving an S3-compatible API over a local directory, run from its own fat jar as a child process (its
 * unrelocated AWS SDK classes must never meet ours). Clients use path-style addressing.
 */
public final class S3Server implements AutoCloseable {

    public static final String REGION = "us-east-1";
    /** The same local credentials as {@link Dynalite}, so one set of AWS settings serves a service's clients. */
    public static final String ACCESS_KEY_ID = Dynalite.ACCESS_KEY_ID;
    public static final String SECRET_ACCESS_KEY = Dynalite.SECRET_ACCESS_KEY;

    private final AwsEndpoint aws;
    private final Path dir;
    private final boolean temporary;
    private final ManagedProcess process;
    private final AutoCloseable container;
    private S3Client client;

    private S3Server(AwsEndpoint aws, Path dir, boolean temporary, ManagedProcess process, AutoCloseable container) {
        this.aws = aws;
        this.dir = dir;
        this.temporary = temporary;
        this.process = process;
        this.container = container;
    }

    /** Starts S3Proxy storing objects under {@code dataDir}, or a temporary directory when null. */
    public static S3Server start(Path dataDir) {
        if (Backend.selected() == Backend.CONTAINERS) {
            ContainerServers.Started c = ContainerServers.localstack("s3");
            return new S3Server(new AwsEndpoint(c.endpoint(), c.region(), c.accessKey(), c.secretKey()), null,
                    false, null, c.stopper());
        }
        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create("s3-") : dataDir.toAbsolutePath();
        int port = FreePorts.next();
        try {
            Files.createDirectories(dir.resolve("blobs"));
            Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY_ID,
                    "s3proxy.credential=" + SECRET_ACCESS_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.identity=" + ACCESS_KEY_ID,
                    "jclouds.credential=" + SECRET_ACCESS_KEY,
                    "jclouds.filesystem.basedir=" + dir.resolve("blobs"),
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(ServerDistributions.java(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dsyncid.testkit.server=s3proxy", "-jar", ServerDistributions.s3ProxyJar().toString(),
                "--properties", dir.resolve("s3proxy.conf").toString());
        ManagedProcess process = ManagedProcess.start("s3proxy", command, dir, dir.resolve("s3proxy.log"));
        S3Server server = new S3Server(new AwsEndpoint(URI.create("http://127.0.0.1:" + port), REGION,
                ACCESS_KEY_ID, SECRET_ACCESS_KEY), dir, temporary, process, null);
        Waits.until("S3Proxy on port " + port, Duration.ofSeconds(60), () -> {
            server.client().listBuckets();
            return true;
        }, process);
        return server;
    }

    public URI endpoint() {
        return aws.endpoint();
    }

    public String region() {
        return aws.region();
    }

    public String accessKeyId() {
        return aws.accessKeyId();
    }

    public String secretAccessKey() {
        return aws.secretAccessKey();
    }

    /** A path-style client for this server, shared and closed with it. */
    public synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .endpointOverride(endpoint())
                    .region(aws.sdkRegion())
                    .credentialsProvider(aws.credentials())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return client;
    }

    /** A new path-style presigner for this server; the caller closes it. */
    public S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(endpoint())
                .region(aws.sdkRegion())
                .credentialsProvider(aws.credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    /** Creates {@code bucket} unless it exists. */
    public void createBucket(String bucket) {
        try {
            client().createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            // already there: keep its objects
        }
    }

    /** The server's process id (-1 with the containers backend). */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        Dynalite.stop(process, container);
        if (temporary) {
            TempDirs.delete(dir);
        }
    }
}
