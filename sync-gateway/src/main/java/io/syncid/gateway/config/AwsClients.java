package io.syncid.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Produces the AWS SDK clients from {@link AwsConfig}, one per application. */
@ApplicationScoped
public class AwsClients {

    private final AwsConfig config;

    AwsClients(AwsConfig config) {
        this.config = config;
    }

    @Produces
    @Singleton
    DynamoDbClient dynamoDbClient() {
        var builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.aws().region()))
                .credentialsProvider(credentials());
        config.dynamodb().endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Produces
    @Singleton
    S3Presigner s3Presigner() {
        var builder = S3Presigner.builder()
                .region(Region.of(config.aws().region()))
                .credentialsProvider(credentials())
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(config.s3().pathStyle()).build());
        config.s3().endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes DynamoDbClient client) {
        client.close();
    }

    void close(@Disposes S3Presigner presigner) {
        presigner.close();
    }

    private AwsCredentialsProvider credentials() {
        if (config.aws().accessKeyId().isPresent() && config.aws().secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.aws().accessKeyId().get(), config.aws().secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
