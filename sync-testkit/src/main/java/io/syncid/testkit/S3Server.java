package io.syncid.testkit;

import java.net.URI;
import java.nio.file.Path;

import io.syncid.testkit.internal.AwsBackend;
import io.syncid.testkit.internal.AwsClients;
import io.syncid.testkit.internal.Backends;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * An S3-compatible server for tests and the local runner: by default S3Proxy over a local directory, with
 * {@code -Dsyncid.testkit.backend=containers} LocalStack. Clients use path-style addressing.
 */
public final class S3Server implements AutoCloseable {

    public static final String REGION = AwsEndpoint.LOCAL.region();
    public static final String ACCESS_KEY_ID = AwsEndpoint.LOCAL.accessKeyId();
    public static final String SECRET_ACCESS_KEY = AwsEndpoint.LOCAL.secretAccessKey();

    private final AwsBackend backend;
    private S3Client client;

    private S3Server(AwsBackend backend) {
        this.backend = backend;
    }

    /** Starts a server storing objects under {@code dataDir} (reused if it exists), or a temporary directory. */
    public static S3Server start(Path dataDir) {
        return new S3Server(Backends.s3(dataDir, AwsEndpoint.LOCAL));
    }

    public URI endpoint() {
        return backend.aws().endpoint();
    }

    public String region() {
        return backend.aws().region();
    }

    public String accessKeyId() {
        return backend.aws().accessKeyId();
    }

    public String secretAccessKey() {
        return backend.aws().secretAccessKey();
    }

    /** Endpoint, region and credentials in one value. */
    public AwsEndpoint aws() {
        return backend.aws();
    }

    /** A path-style client for this server, shared, and closed with it. */
    public synchronized S3Client client() {
        if (client == null) {
            client = AwsClients.s3(backend.aws());
        }
        return client;
    }

    /** A new path-style presigner for this server; the caller closes it. */
    public S3Presigner presigner() {
        return AwsClients.presigner(backend.aws());
    }

    /** Creates {@code bucket} unless it exists. */
    public void createBucket(String bucket) {
        try {
            client().createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            // already there: keep its objects
        }
    }

    /** The server's process id (-1 with containers). */
    public long pid() {
        return backend.pid();
    }

    /** Stops the server and deletes its objects if they were temporary. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        backend.close();
    }

    @Override
    public String toString() {
        return "S3Server[" + endpoint() + "]";
    }
}
