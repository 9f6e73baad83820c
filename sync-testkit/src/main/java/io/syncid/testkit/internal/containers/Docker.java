package io.syncid.testkit.internal.containers;

import org.testcontainers.DockerClientFactory;

/** Whether the containers backend can run here: Testcontainers on the classpath and a Docker engine answering. */
public final class Docker {

    private Docker() {
    }

    public static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            // Testcontainers is an optional dependency: without it on the classpath there is no containers backend.
            return false;
        }
    }
}
