package io.syncid.model;

/** Kafka serializer of {@link WriteResult}, usable by class name in configuration. */
public class WriteResultSerializer extends JsonEventSerializer<WriteResult> {
}
