package io.syncid.testkit.internal;

import java.nio.file.Path;

/** What {@link io.syncid.testkit.KafkaBroker} needs from whichever backend runs the broker. */
public interface KafkaBackend extends AutoCloseable {

    String bootstrapServers();

    /** SIGKILL the broker; its data stays. */
    void kill();

    /** Graceful stop; its data stays. */
    void stop();

    /** Starts again on the same address and data, returning once it answers. */
    void restart();

    boolean isRunning();

    /** The broker's process id, or -1 when not running or not a local process. */
    long pid();

    /** A directory of this broker's own for scratch files (tool configs and output). */
    Path workDir();

    /** Stops the broker and deletes what was temporary. */
    @Override
    void close();
}
