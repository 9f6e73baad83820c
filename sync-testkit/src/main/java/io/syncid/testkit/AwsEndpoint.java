package io.syncid.testkit;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Where an AWS-compatible server answers and with which region and credentials its clients sign. */
public record AwsEndpoint(URI endpoint, String region, String accessKeyId, String secretAccessKey) {

    /**
     * The region and keys every local server of the process backend uses, so one set of AWS settings serves all of a
     * service's clients; no endpoint yet (see {@link #at}).
     */
    public static final AwsEndpoint LOCAL = new AwsEndpoint(null, "us-east-1", "local", "local-secret");

    /** The same region and keys at {@code endpoint}. */
    public AwsEndpoint at(URI endpoint) {
        return new AwsEndpoint(endpoint, region, accessKeyId, secretAccessKey);
    }

    /** The SDK credentials of this endpoint. */
    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    public Region sdkRegion() {
        return Region.of(region);
    }
}
