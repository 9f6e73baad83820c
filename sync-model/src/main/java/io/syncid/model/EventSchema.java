package io.syncid.model;

/** Schema versions of the events on Kafka: a consumer refuses a version it does not know rather than guess. */
public final class EventSchema {

    /** The version every producer of this build writes and every consumer reads. */
    public static final int CURRENT_VERSION = 1;

    private EventSchema() {
    }

    /** Throws {@link UnsupportedSchemaVersionException} unless {@code version} is one this build reads. */
    public static void require(String event, int version) {
        if (version != CURRENT_VERSION) {
            throw new UnsupportedSchemaVersionException(event + ".schemaVersion " + version
                    + " is not supported; this build reads version " + CURRENT_VERSION);
        }
    }
}
