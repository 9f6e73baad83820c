package io.syncid.runtime.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Typed configuration of the AWS clients every service shares ({@code syncid.aws.*}, {@code syncid.dynamodb.*},
 * {@code syncid.s3.*}): endpoints are set locally (dynalite, S3Proxy) and absent in AWS.
 */
@ConfigMapping(prefix = "syncid")
public interface AwsConfig {

    Aws aws();

    Dynamodb dynamodb();

    S3 s3();

    /** Region, credentials and the deadlines of every call. */
    interface Aws {
        /** AWS region of DynamoDB and S3. */
        @WithDefault("us-east-1")
        String region();

        /** Static access key; when absent the SDK's default credentials chain is used (IAM role in AWS). */
        Optional<String> accessKeyId();

        /** Static secret key, with {@link #accessKeyId()}. */
        Optional<String> secretAccessKey();

        /**
         * Deadline of one SDK call including its retries: a hung DynamoDB or S3 (a stopped process, a black-holed
         * connection) fails the call after this instead of holding a worker thread for minutes.
         */
        @WithDefault("5s")
        Duration apiCallTimeout();

        /** Deadline of one HTTP attempt within a call; the SDK retries a timed-out attempt while the call's lasts. */
        @WithDefault("2s")
        Duration apiCallAttemptTimeout();

        /** TCP connect timeout of the HTTP client. */
        @WithDefault("1s")
        Duration connectTimeout();

        /** Socket read timeout of the HTTP client (no byte for this long fails the attempt). */
        @WithDefault("2s")
        Duration socketTimeout();

        /**
         * Pooled connections of each client (DynamoDB, S3): as many as threads call it at once (the gateway's worker
         * pool holds up to 200 by Quarkus's default); a call waits for a free one as long as one attempt may last
         * ({@link #apiCallAttemptTimeout()}).
         */
        @WithDefault("200")
        int maxConnections();
    }

    /** DynamoDB client. */
    interface Dynamodb {
        /** Endpoint override, e.g. the local dynalite; absent in AWS. */
        Optional<URI> endpoint();
    }

    /** S3 client and presigner. */
    interface S3 {
        /** Endpoint override, e.g. the local S3Proxy; absent in AWS. */
        Optional<URI> endpoint();

        /** Bucket holding attachments at {@code {userId}/{syncId}/{fileName}}. */
        @WithDefault("syncid-attachments")
        String bucket();

        /** Path-style addressing, needed by S3-compatible servers such as S3Proxy. */
        @WithDefault("false")
        boolean pathStyle();
    }
}
