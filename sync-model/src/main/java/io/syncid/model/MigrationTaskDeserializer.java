package io.syncid.model;

/** Kafka deserializer of {@link MigrationTask}, usable by class name in configuration. */
public class MigrationTaskDeserializer extends JsonEventDeserializer<MigrationTask> {

    public MigrationTaskDeserializer() {
        super(MigrationTask.class);
    }
}
