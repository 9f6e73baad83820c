package io.syncid.writer.service;

import java.time.Instant;

import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.store.DocumentItem;

/**
 * The default policy (SPEC §7): the later effective time wins, where the stored side's effective time is its
 * {@code lastModified} (the writer sets it to the effective time of the operation that produced that version); ties go
 * to the higher version (the incoming one counts as {@code baseVersion + 1}), then to the greater deviceId.
 */
public final class LaterEffectiveTimeWins implements ConflictPolicy {

    public static final String NAME = "later-effective-time-wins";

    @Override
    public boolean incomingWins(DocumentItem stored, ConsolidatedOperation incoming) {
        Instant storedTime = stored.lastModified();
        if (storedTime == null) {
            return true;
        }
        int byTime = incoming.effectiveTime().compareTo(storedTime);
        if (byTime != 0) {
            return byTime > 0;
        }
        int byVersion = Long.compare(incoming.baseVersion() + 1, stored.version());
        if (byVersion != 0) {
            return byVersion > 0;
        }
        String storedDevice = stored.lastDeviceId() == null ? "" : stored.lastDeviceId();
        return incoming.deviceId().compareTo(storedDevice) > 0;
    }
}
