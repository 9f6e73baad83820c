package io.syncid.model;

/** An event carries a schemaVersion this build does not understand. */
public final class UnsupportedSchemaVersionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnsupportedSchemaVersionException(String message) {
        super(message);
    }
}
