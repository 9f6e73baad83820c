package io.syncid.testkit;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Where an AWS-compatible server answers and with which region and credentials its clients sign. */
public record AwsEndpoint(URI endpoint, String region, String accessKeyId, String secretAccessKey) {

    /** The SDK credentials of this endpoint. */
    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    public Region sdkRegion() {
        return Region.of(region);
    }
}
