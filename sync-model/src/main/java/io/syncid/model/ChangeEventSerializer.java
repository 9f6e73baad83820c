package io.syncid.model;

/** Kafka serializer of {@link ChangeEvent}, usable by class name in configuration. */
public class ChangeEventSerializer extends JsonEventSerializer<ChangeEvent> {
}
