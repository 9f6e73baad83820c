package io.syncid.testkit;

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
public final class S3Server extends AwsServer<S3Client> {

    private S3Server(AwsBackend backend) {
        super(backend);
    }

    /** Starts a server storing objects under {@code dataDir} (reused if it exists), or a temporary directory. */
    public static S3Server start(Path dataDir) {
        return new S3Server(Backends.s3(dataDir, AwsEndpoint.LOCAL));
    }

    @Override
    S3Client newClient(AwsEndpoint aws) {
        return AwsClients.s3(aws);
    }

    /** A new path-style presigner for this server; the caller closes it. */
    public S3Presigner presigner() {
        return AwsClients.presigner(aws());
    }

    /** Creates {@code bucket} unless it exists. */
    public void createBucket(String bucket) {
        try {
            client().createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            // already there: keep its objects
        }
    }
}
