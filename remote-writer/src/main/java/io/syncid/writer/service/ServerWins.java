package io.syncid.writer.service;

import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.store.DocumentItem;

/** First write wins: the stored state always keeps the syncId and a conflicting edit becomes the copy. */
public final class ServerWins implements ConflictPolicy {

    public static final String NAME = "server-wins";

    @Override
    public boolean incomingWins(DocumentItem stored, ConsolidatedOperation incoming) {
        return false;
    }
}
