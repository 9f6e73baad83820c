package io.syncid.model;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer of any platform event as JSON via {@link EventJson}. */
public class JsonEventSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.write(data);
        } catch (IllegalArgumentException e) {
            // The producer reports a SerializationException as a non-retriable send failure, which is what this is.
            throw new SerializationException("cannot serialize " + data.getClass().getSimpleName() + " for topic "
                    + topic + ": " + e.getMessage(), e);
        }
    }
}
