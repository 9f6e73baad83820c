package io.syncid.client.api;

/** What {@code GET /v1/documents/{syncId}} said: the live document, its tombstone (410), or nothing (404). */
public sealed interface DocumentLookup {

    /** 200: the document. */
    record Live(RemoteDocument document) implements DocumentLookup {
    }

    /** 410: deleted; the tombstone as a content-free document. */
    record Deleted(RemoteDocument tombstone) implements DocumentLookup {
    }

    /** 404: unknown, or another user's (never told apart). */
    record Missing() implements DocumentLookup {
    }
}
