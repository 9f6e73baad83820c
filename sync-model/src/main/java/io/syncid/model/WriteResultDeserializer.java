package io.syncid.model;

/** Kafka deserializer of {@link WriteResult}, usable by class name in configuration. */
public class WriteResultDeserializer extends JsonEventDeserializer<WriteResult> {

    public WriteResultDeserializer() {
        super(WriteResult.class);
    }
}
