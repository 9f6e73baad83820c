package io.syncid.client;

import java.util.Map;

import io.syncid.model.Outcome;

/**
 * What one sync round did.
 *
 * @param uploaded attachment files uploaded through presigned URLs
 * @param failedUploads attachment uploads refused (tried again next round; the queue is not held up)
 * @param pushed operations sent in flushes (a batch sent again counts again)
 * @param accepted of them, ACCEPTED by the gateway
 * @param rejected of them, REJECTED by the gateway (stored nowhere; settled as REJECTED)
 * @param settled final outcomes received, by outcome
 * @param conflictCopies conflict copies adopted into the local database
 * @param refreshed documents read again from the server after their operations settled
 * @param pulled documents delivered by the pull (tombstones included)
 * @param fullPull whether the pull started from nothing (first sync, or RESYNC_REQUIRED)
 * @param downloaded attachment files downloaded and checked
 * @param failedDownloads attachment downloads that failed or did not match their checksum (tried again next round)
 * @param pending queue entries left: unsent, in an unanswered flush, or waiting for their outcome
 * @param interruption why the round stopped early (a 503, a timeout), or null
 */
public record SyncReport(
        int uploaded,
        int failedUploads,
        int pushed,
        int accepted,
        int rejected,
        Map<Outcome, Integer> settled,
        int conflictCopies,
        int refreshed,
        int pulled,
        boolean fullPull,
        int downloaded,
        int failedDownloads,
        int pending,
        String interruption) {

    /** Whether the round left nothing to do: an empty queue, nothing to read again, no interruption. */
    public boolean quiet() {
        return pending == 0 && interruption == null && failedUploads == 0 && failedDownloads == 0;
    }
}
