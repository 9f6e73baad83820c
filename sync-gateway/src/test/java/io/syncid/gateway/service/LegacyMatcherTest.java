package io.syncid.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.syncid.gateway.repository.DocumentRepository.LiveContent;
import io.syncid.model.SyncId;

/** The matching rules of {@code GET /v1/legacy/matches} as a table, and the order of the ranking. */
class LegacyMatcherTest {

    private static final Instant T = Instant.parse("2021-03-04T05:06:07Z");
    private static final Duration SECOND = Duration.ofSeconds(1);

    @ParameterizedTest(name = "[{index}] query ({0}, {1}, +{2}ms) vs ({3}, {4}) scores {5}")
    @CsvSource(nullValues = "null", value = {
            // query title | query category | createdAt offset (ms) | stored title | stored category | score (0 = no match)
            "Lease,       home,  0,     Lease,        home,  3",
            "Lease,       home,  1000,  Lease,        home,  3",
            "Lease,       home,  -1000, Lease,        home,  3",
            "Lease,       home,  1001,  Lease,        home,  2",
            "' lease ',   HOME,  999,   'LEASE',      ' home', 3",
            "Lease,       home,  null,  Lease,        home,  2",
            "Lease,       null,  0,     Lease,        home,  2",
            "Lease,       null,  null,  Lease,        home,  1",
            "Lease,       car,   5000,  Lease,        home,  1",
            "Lease,       home,  0,     Lease 2,      home,  0",
            "Lease,       home,  0,     Leas,         home,  0",
            "Lease,       home,  0,     null,         home,  0",
    })
    void scores(String title, String category, Long offsetMillis, String storedTitle, String storedCategory,
            int expected) {
        LiveContent stored = new LiveContent(SyncId.random(), storedTitle, storedCategory, T, null);
        Instant createdAt = offsetMillis == null ? null : T.plusMillis(offsetMillis);
        List<LegacyMatcher.Match> ranked = LegacyMatcher.rank(new LegacyMatcher.Query(title, category, createdAt),
                List.of(stored), SECOND, 10);
        if (expected == 0) {
            assertThat(ranked).isEmpty();
        } else {
            assertThat(ranked).singleElement().extracting(LegacyMatcher.Match::score).isEqualTo(expected);
        }
    }

    @Test
    void aStoredDocumentWithoutCreationTimeGetsNoTimePointAndComesAfterTimedOnesOfItsScore() {
        LiveContent untimed = new LiveContent(SyncId.random(), "Lease", "home", null, null);
        LiveContent far = new LiveContent(SyncId.random(), "Lease", "home", T.plusSeconds(3600), null);
        List<LegacyMatcher.Match> ranked = LegacyMatcher.rank(new LegacyMatcher.Query("Lease", "home", T),
                List.of(untimed, far), SECOND, 10);
        assertThat(ranked).extracting(LegacyMatcher.Match::document).containsExactly(far, untimed);
        assertThat(ranked).extracting(LegacyMatcher.Match::score).containsExactly(2, 2);
    }

    @Test
    void ranksByScoreThenDistanceThenSyncIdAndKeepsTheBestOnes() {
        SyncId low = SyncId.parse("00000000-0000-4000-8000-000000000001");
        SyncId high = SyncId.parse("ffffffff-ffff-4fff-bfff-ffffffffffff");
        LiveContent best = new LiveContent(high, "Lease", "home", T.plusMillis(300), null);
        LiveContent bestButFarther = new LiveContent(low, "Lease", "home", T.plusMillis(900), null);
        LiveContent tieLow = new LiveContent(low, "Lease", "car", T.plusSeconds(60), null);
        LiveContent tieHigh = new LiveContent(high, "Lease", "car", T.minusSeconds(60), null);
        LiveContent titleOnly = new LiveContent(SyncId.random(), "Lease", "car", T.plusSeconds(5), null);
        LiveContent nearerWithOtherCategory = new LiveContent(SyncId.random(), "Lease", "car", T, null);
        List<LiveContent> all = List.of(titleOnly, tieHigh, bestButFarther, nearerWithOtherCategory, tieLow, best);

        List<LegacyMatcher.Match> ranked = LegacyMatcher.rank(new LegacyMatcher.Query("Lease", "home", T), all,
                SECOND, 10);

        assertThat(ranked).extracting(LegacyMatcher.Match::document).containsExactly(best, bestButFarther,
                nearerWithOtherCategory, titleOnly, tieLow, tieHigh);
        assertThat(ranked).extracting(LegacyMatcher.Match::score).containsExactly(3, 3, 2, 1, 1, 1);
        assertThat(LegacyMatcher.rank(new LegacyMatcher.Query("Lease", "home", T), all, SECOND, 2))
                .extracting(LegacyMatcher.Match::document).containsExactly(best, bestButFarther);
    }

    @Test
    void aWiderToleranceCountsAFartherCreationTime() {
        LiveContent stored = new LiveContent(SyncId.random(), "Lease", null, T.plusSeconds(30), null);
        LegacyMatcher.Query query = new LegacyMatcher.Query("Lease", null, T);
        assertThat(LegacyMatcher.rank(query, List.of(stored), SECOND, 10).get(0).score()).isEqualTo(1);
        assertThat(LegacyMatcher.rank(query, List.of(stored), Duration.ofMinutes(1), 10).get(0).score()).isEqualTo(2);
    }
}
