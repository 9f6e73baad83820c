package io.syncid.model;

/** Kafka serializer of {@link ConsolidatedOperation}, usable by class name in configuration. */
public class ConsolidatedOperationSerializer extends JsonEventSerializer<ConsolidatedOperation> {
}
