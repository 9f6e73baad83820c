package io.syncid.model;

/** Thrown when text is not an acceptable syncId; the message says why. */
public final class InvalidSyncIdException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidSyncIdException(String message) {
        super(message);
    }
}
