package io.syncid.model;

import org.apache.kafka.common.serialization.Deserializer;

/** Kafka deserializer of one event type via {@link EventJson}; failures are {@link EventDeserializationException}s. */
public class JsonEventDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    public JsonEventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return EventJson.read(data, type);
    }
}
