package io.syncid.migration.legacy;

/** A legacy item that cannot be migrated as it is (no owner, unreadable fields, a bad file name); the message says why. */
public class MalformedLegacyItemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedLegacyItemException(String message) {
        super(message);
    }
}
