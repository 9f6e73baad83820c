package io.syncid.gateway.rest.dto;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.syncid.gateway.service.LegacyMatcher;

/** Answer of {@code GET /v1/legacy/matches}: the caller's candidate documents for a local document, best first. */
public record LegacyMatches(List<Candidate> matches) {

    /** One candidate: its syncId, the content it was matched on, and its score (higher is better). */
    public record Candidate(String syncId, String title, String category, Instant createdAt,
            @Schema(nullable = true, description = "The legacy id, when the document came from the migration") String legacyId,
            @Schema(description = "1 for the same title, +1 for the same category, +1 for a createdAt within the tolerance") int score) {

        public static Candidate of(LegacyMatcher.Match match) {
            var doc = match.document();
            return new Candidate(doc.syncId().toString(), doc.title(), doc.category(), doc.createdAt(), doc.legacyId(),
                    match.score());
        }
    }
}
