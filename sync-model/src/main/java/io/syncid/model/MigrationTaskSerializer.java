package io.syncid.model;

/** Kafka serializer of {@link MigrationTask}, usable by class name in configuration. */
public class MigrationTaskSerializer extends JsonEventSerializer<MigrationTask> {
}
