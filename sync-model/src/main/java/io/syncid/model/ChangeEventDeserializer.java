package io.syncid.model;

/** Kafka deserializer of {@link ChangeEvent}, usable by class name in configuration. */
public class ChangeEventDeserializer extends JsonEventDeserializer<ChangeEvent> {

    public ChangeEventDeserializer() {
        super(ChangeEvent.class);
    }
}
