package io.syncid.runtime.aws;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Produces the AWS SDK clients of every service from {@link AwsConfig}: one DynamoDB client, one S3 client and one
 * presigner per application, each call bounded by the configured deadlines. Endpoint overrides only when set.
 */
@ApplicationScoped
public class AwsClients {

    private final AwsConfig config;

    AwsClients(AwsConfig config) {
        this.config = config;
    }

    @Produces
    @Singleton
    @DefaultBean
    DynamoDbClient dynamoDbClient() {
        var builder = DynamoDbClient.builder()
                .httpClient(httpClient())
                .overrideConfiguration(deadlines())
                .region(region())
                .credentialsProvider(credentials());
        config.dynamodb().endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Produces
    @Singleton
    @DefaultBean
    S3Client s3Client() {
        var builder = S3Client.builder()
                .httpClient(httpClient())
                .overrideConfiguration(deadlines())
                .region(region())
                .credentialsProvider(credentials())
                .serviceConfiguration(s3Configuration());
        config.s3().endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Produces
    @Singleton
    @DefaultBean
    S3Presigner s3Presigner() {
        var builder = S3Presigner.builder()
                .region(region())
                .credentialsProvider(credentials())
                .serviceConfiguration(s3Configuration());
        config.s3().endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes DynamoDbClient client) {
        client.close();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }

    void close(@Disposes S3Presigner presigner) {
        presigner.close();
    }

    /** The deadlines of every call: without them a hung server holds the calling thread for minutes. */
    ClientOverrideConfiguration deadlines() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(config.aws().apiCallTimeout())
                .apiCallAttemptTimeout(config.aws().apiCallAttemptTimeout())
                .build();
    }

    /**
     * Apache HttpClient 5 with a connection pool: against the JDK's {@code HttpURLConnection} client (used before) one
     * thread's DynamoDB calls one after another took about half the time and a quarter less CPU each.
     */
    private SdkHttpClient httpClient() {
        return Apache5HttpClient.builder()
                .connectionTimeout(config.aws().connectTimeout())
                .socketTimeout(config.aws().socketTimeout())
                .maxConnections(config.aws().maxConnections())
                .connectionAcquisitionTimeout(config.aws().apiCallAttemptTimeout())
                .build();
    }

    private S3Configuration s3Configuration() {
        return S3Configuration.builder().pathStyleAccessEnabled(config.s3().pathStyle()).build();
    }

    private Region region() {
        return Region.of(config.aws().region());
    }

    private AwsCredentialsProvider credentials() {
        if (config.aws().accessKeyId().isPresent() && config.aws().secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.aws().accessKeyId().get(), config.aws().secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
