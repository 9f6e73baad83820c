package io.syncid.client.api;

import java.time.Instant;

/**
 * One candidate of {@code GET /v1/legacy/matches}: one of the user's documents with a local document's title, and its
 * score (1 for the title, +1 for the same category, +1 for the same creation time).
 */
public record LegacyMatch(String syncId, String title, String category, Instant createdAt, String legacyId,
        int score) {
}
