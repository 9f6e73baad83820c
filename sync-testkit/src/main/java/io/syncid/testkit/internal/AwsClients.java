package io.syncid.testkit.internal;

import io.syncid.testkit.AwsEndpoint;

import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** SDK v2 clients for a local AWS-compatible endpoint, configured once for the facades and readiness probes. */
public final class AwsClients {

    private AwsClients() {
    }

    public static DynamoDbClient dynamo(AwsEndpoint aws) {
        return DynamoDbClient.builder()
                .endpointOverride(aws.endpoint())
                .region(aws.sdkRegion())
                .credentialsProvider(aws.credentials())
                .httpClient(Apache5HttpClient.create())
                .build();
    }

    /** Path-style, because neither S3Proxy nor LocalStack resolves bucket names as host names on 127.0.0.1. */
    public static S3Client s3(AwsEndpoint aws) {
        return S3Client.builder()
                .endpointOverride(aws.endpoint())
                .region(aws.sdkRegion())
                .credentialsProvider(aws.credentials())
                .serviceConfiguration(pathStyle())
                .httpClient(Apache5HttpClient.create())
                .build();
    }

    /** Path-style too, or presigned URLs would name a host that does not resolve. */
    public static S3Presigner presigner(AwsEndpoint aws) {
        return S3Presigner.builder()
                .endpointOverride(aws.endpoint())
                .region(aws.sdkRegion())
                .credentialsProvider(aws.credentials())
                .serviceConfiguration(pathStyle())
                .build();
    }

    private static S3Configuration pathStyle() {
        return S3Configuration.builder().pathStyleAccessEnabled(true).build();
    }
}
