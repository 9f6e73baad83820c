package io.syncid.client.queue;

/**
 * Where a queued operation stands. Only a {@link #QUEUED} one may still change (local folding); from {@link #SENDING}
 * on its opId and content are frozen, so a retried flush sends exactly what the gateway may already have.
 */
public enum QueueState {
    /** Not sent yet: later local edits fold into it (SPEC §6). */
    QUEUED,
    /** In a flush whose answer has not arrived (503, timeout, crash): sent again as it is. */
    SENDING,
    /** ACCEPTED by the gateway (durably in Kafka): waits for its outcome from {@code GET /v1/operations}. */
    ACCEPTED
}
