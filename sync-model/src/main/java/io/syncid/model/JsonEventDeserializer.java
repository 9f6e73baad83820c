package io.syncid.model;

import java.util.Objects;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer of one event type via {@link EventJson}. Every failure, a null value included (no topic of the
 * platform carries Kafka tombstones), is an {@link EventDeserializationException} whose code tags the DLQ record.
 */
public class JsonEventDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    public JsonEventDeserializer(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return EventJson.read(data, type);
    }

    /** The event type this deserializer reads. */
    public Class<T> type() {
        return type;
    }
}
