package io.syncid.model;

/** What a device did to a document. */
public enum OperationType {
    CREATE, UPDATE, DELETE;

    /** Whether an operation of this type carries a document body. */
    public boolean carriesDocument() {
        return this != DELETE;
    }
}
