package io.syncid.model;

/** Kafka deserializer of {@link ConsolidatedOperation}, usable by class name in configuration. */
public class ConsolidatedOperationDeserializer extends JsonEventDeserializer<ConsolidatedOperation> {

    public ConsolidatedOperationDeserializer() {
        super(ConsolidatedOperation.class);
    }
}
