package io.syncid.model;

/**
 * What was done to a document. CREATE, UPDATE and DELETE come from devices; IMPORT is the migration-worker's (SPEC §7,
 * §9) and is refused from a device.
 */
public enum OperationType {
    CREATE, UPDATE, DELETE, IMPORT;

    /** Whether an operation of this type may carry a document body (IMPORT of a deleted legacy item carries none). */
    public boolean carriesDocument() {
        return this != DELETE;
    }

    /** Whether an operation of this type must carry a document body. */
    public boolean requiresDocument() {
        return this == CREATE || this == UPDATE;
    }

    /** Whether a device may send this type to the gateway. */
    public boolean isDeviceType() {
        return this != IMPORT;
    }
}
