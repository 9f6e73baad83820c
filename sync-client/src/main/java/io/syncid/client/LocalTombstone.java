package io.syncid.client;

import java.time.Instant;

import io.syncid.model.SyncId;

/** A row of {@code document_tombstones}: a deleted syncId, which never comes back on this device. */
public record LocalTombstone(SyncId syncId, String userId, Instant deletedAt, String deletedBy, String reason) {
}
