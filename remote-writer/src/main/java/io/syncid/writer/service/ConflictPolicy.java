package io.syncid.writer.service;

import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.store.DocumentItem;

/**
 * Decides which side of a conflict keeps the original syncId (SPEC §7); the other side becomes a conflict copy, so no
 * edit is lost either way. Chosen by {@code syncid.writer.conflict-policy}.
 */
public interface ConflictPolicy {

    /** Whether {@code incoming} wins over the {@code stored} live document it conflicts with. */
    boolean incomingWins(DocumentItem stored, ConsolidatedOperation incoming);

    /** The policy named in configuration. */
    static ConflictPolicy named(String name) {
        return switch (name) {
            case LaterEffectiveTimeWins.NAME -> new LaterEffectiveTimeWins();
            case ServerWins.NAME -> new ServerWins();
            default -> throw new IllegalArgumentException("unknown syncid.writer.conflict-policy: " + name
                    + " (known: " + LaterEffectiveTimeWins.NAME + ", " + ServerWins.NAME + ")");
        };
    }
}
