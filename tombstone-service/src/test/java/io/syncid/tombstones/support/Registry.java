package io.syncid.tombstones.support;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.syncid.model.SyncId;
import io.syncid.tombstones.repository.Tombstone;
import io.syncid.tombstones.repository.TombstoneRepository;

/** Reads the registry in a fresh transaction each time, so a polling test never sees a cached row. */
public final class Registry {

    private Registry() {
    }

    /** The registry row of {@code syncId}, or null. */
    public static Tombstone tombstone(SyncId syncId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> Arc.container().instance(TombstoneRepository.class).get().findById(syncId.toString()));
    }

    /** Rows of {@code syncId} (0 or 1: it is the primary key; counted to show no duplicate slipped in). */
    public static long count(SyncId syncId) {
        return QuarkusTransaction.requiringNew().call(
                () -> Arc.container().instance(TombstoneRepository.class).get().count("syncId", syncId.toString()));
    }
}
