package io.syncid.model;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer of any platform event as JSON via {@link EventJson}. */
public class JsonEventSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : EventJson.write(data);
    }
}
