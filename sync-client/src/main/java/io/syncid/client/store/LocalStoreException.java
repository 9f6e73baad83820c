package io.syncid.client.store;

/** The device database failed (I/O, a broken file, a bug in a statement). */
public class LocalStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
