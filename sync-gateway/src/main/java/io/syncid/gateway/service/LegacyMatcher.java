package io.syncid.gateway.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.syncid.gateway.repository.DocumentRepository.LiveContent;

/**
 * Ranks the caller's documents as candidates for a device's local document that never had a cloud id (SPEC §4,
 * {@code GET /v1/legacy/matches}): the same title is required, an equal category and a creation time within the
 * tolerance each add a point. Pure, so the rules are tested as a table.
 */
public final class LegacyMatcher {

    /** Score of a candidate that has only the title in common. */
    public static final int TITLE_SCORE = 1;

    private LegacyMatcher() {
    }

    /** What the device knows of its local document; {@code category} and {@code createdAt} may be null. */
    public record Query(String title, String category, Instant createdAt) {

        public Query {
            Objects.requireNonNull(title, "Query.title is required");
        }
    }

    /** One candidate with its score (1 to 3) and how far its creation time is from the query's (null: unknown). */
    public record Match(LiveContent document, int score, Duration distance) {
    }

    /**
     * Whether two titles are the same for matching: compared trimmed and case-insensitively (devices and the old
     * cloud did not keep surrounding spaces or letter case alike).
     */
    public static boolean sameTitle(String a, String b) {
        return a != null && b != null && normalize(a).equals(normalize(b));
    }

    /**
     * The candidates with the query's title, best first: by score, then by the distance of their creation times
     * (unknown last), then by syncId, so equal candidates are always listed in the same order. At most {@code limit}.
     */
    public static List<Match> rank(Query query, List<LiveContent> candidates, Duration tolerance, int limit) {
        return candidates.stream()
                .filter(c -> sameTitle(query.title(), c.title()))
                .map(c -> score(query, c, tolerance))
                .sorted(Comparator.comparingInt(Match::score).reversed()
                        .thenComparing(Match::distance, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(m -> m.document().syncId().toString()))
                .limit(limit)
                .toList();
    }

    private static Match score(Query query, LiveContent candidate, Duration tolerance) {
        int score = TITLE_SCORE;
        if (query.category() != null && candidate.category() != null
                && normalize(query.category()).equals(normalize(candidate.category()))) {
            score++;
        }
        Duration distance = null;
        if (query.createdAt() != null && candidate.createdAt() != null) {
            distance = Duration.between(query.createdAt(), candidate.createdAt()).abs();
            if (distance.compareTo(tolerance) <= 0) {
                score++;
            }
        }
        return new Match(candidate, score, distance);
    }

    private static String normalize(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }
}
