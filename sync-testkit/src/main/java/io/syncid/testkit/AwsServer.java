package io.syncid.testkit;

import java.net.URI;

import io.syncid.testkit.internal.AwsBackend;
import io.syncid.testkit.internal.Signals;

import software.amazon.awssdk.core.SdkClient;

/**
 * What {@link Dynalite} and {@link S3Server} share: an AWS-compatible server's endpoint and credentials, one client
 * made on first use and closed with the server, and the server's process.
 *
 * @param <C> the SDK client of the service
 */
public abstract class AwsServer<C extends SdkClient> implements AutoCloseable {

    private final AwsBackend backend;
    private C client;

    AwsServer(AwsBackend backend) {
        this.backend = backend;
    }

    /** A new client for {@code aws}. */
    abstract C newClient(AwsEndpoint aws);

    public URI endpoint() {
        return backend.aws().endpoint();
    }

    public String region() {
        return backend.aws().region();
    }

    public String accessKeyId() {
        return backend.aws().accessKeyId();
    }

    public String secretAccessKey() {
        return backend.aws().secretAccessKey();
    }

    /** Endpoint, region and credentials in one value. */
    public AwsEndpoint aws() {
        return backend.aws();
    }

    /** A client for this server, shared, and closed with it. */
    public synchronized C client() {
        if (client == null) {
            client = newClient(backend.aws());
        }
        return client;
    }

    /** The server's process id (-1 with containers). */
    public long pid() {
        return backend.pid();
    }

    /** Freezes the server (SIGSTOP): connections stay open and nothing answers, as with a hung dependency. */
    public void pause() {
        Signals.pause(pid());
    }

    /** Lets a {@link #pause() paused} server run again (SIGCONT). */
    public void resume() {
        Signals.resume(pid());
    }

    /** Stops the server and deletes its data if it was temporary. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        backend.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + endpoint() + "]";
    }
}
