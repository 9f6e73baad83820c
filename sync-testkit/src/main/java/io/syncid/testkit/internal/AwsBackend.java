package io.syncid.testkit.internal;

import io.syncid.testkit.AwsEndpoint;

/** What {@link io.syncid.testkit.Dynalite} and {@link io.syncid.testkit.S3Server} need from their backend. */
public interface AwsBackend extends AutoCloseable {

    AwsEndpoint aws();

    /** The server's process id, or -1 when it is not a local process. */
    long pid();

    /** Stops the server and deletes what was temporary. */
    @Override
    void close();
}
