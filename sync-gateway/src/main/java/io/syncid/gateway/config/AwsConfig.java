package io.syncid.gateway.config;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the AWS clients ({@code syncid.*}): endpoints are set locally, absent in AWS. */
@ConfigMapping(prefix = "syncid")
public interface AwsConfig {

    Aws aws();

    Dynamodb dynamodb();

    S3 s3();

    /** Region and credentials. */
    interface Aws {
        /** AWS region of DynamoDB and S3. */
        @WithDefault("us-east-1")
        String region();

        /** Static access key; when absent the SDK's default credentials chain is used (IAM role in AWS). */
        Optional<String> accessKeyId();

        /** Static secret key, with {@link #accessKeyId()}. */
        Optional<String> secretAccessKey();
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
