package io.syncid.testkit.internal.containers;

import org.testcontainers.localstack.LocalStackContainer;

import io.syncid.testkit.AwsEndpoint;
import io.syncid.testkit.internal.AwsBackend;

/** LocalStack in a container, playing DynamoDB or S3 (one container per server, as with the process backend). */
public final class LocalStackServer implements AwsBackend {

    /** Pinned, so that a run does not change with the registry's latest tag. */
    public static final String IMAGE = "localstack/localstack:4.4";

    private final LocalStackContainer container;
    private final AwsEndpoint aws;

    private LocalStackServer(LocalStackContainer container) {
        this.container = container;
        this.aws = new AwsEndpoint(container.getEndpoint(), container.getRegion(), container.getAccessKey(),
                container.getSecretKey());
    }

    /** Starts LocalStack with one service: {@code dynamodb} or {@code s3}. */
    public static LocalStackServer start(String service) {
        LocalStackContainer container = new LocalStackContainer(IMAGE).withServices(service);
        container.start();
        return new LocalStackServer(container);
    }

    @Override
    public AwsEndpoint aws() {
        return aws;
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public void close() {
        container.stop();
    }
}
