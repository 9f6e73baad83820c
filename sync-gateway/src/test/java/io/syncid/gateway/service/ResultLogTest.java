package io.syncid.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.syncid.model.EventSchema;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.WriteResult;

/** What a resumed change stream can be replayed: the results of its user after its id, or a gap. */
class ResultLogTest {

    @Test
    void aResumeGetsTheUsersResultsAfterItsPositionInEveryPartition() {
        ResultLog log = new ResultLog(100);
        log.start(new long[]{10, 20});
        log.record(0, 10, result("alice"));
        log.record(1, 20, result("bob"));
        log.record(1, 21, result("alice"));
        log.record(0, 11, result("alice"));

        var replay = log.after("alice", StreamPosition.of(10, 19)).orElseThrow();
        assertThat(replay.entries()).extracting(e -> e.partition() + "@" + e.offset()).containsExactly("1@21", "0@11");
        assertThat(replay.upTo()).isEqualTo(StreamPosition.of(11, 21));
        assertThat(log.after("alice", StreamPosition.of(11, 21)).orElseThrow().entries()).isEmpty();
    }

    @Test
    void aPositionBeforeWhatThisReplicaReadOrStillHoldsIsAGap() {
        ResultLog log = new ResultLog(2);
        log.start(new long[]{5});
        assertThat(log.after("alice", StreamPosition.of(3))).as("before this replica started reading").isEmpty();
        assertThat(log.after("alice", StreamPosition.of(4))).as("exactly where it started").isPresent();

        log.record(0, 5, result("alice"));
        log.record(0, 6, result("alice"));
        log.record(0, 7, result("alice"));
        assertThat(log.after("alice", StreamPosition.of(4))).as("offset 5 was evicted").isEmpty();
        assertThat(log.after("alice", StreamPosition.of(5)).orElseThrow().entries()).hasSize(2);
        assertThat(log.after("alice", StreamPosition.of()))
                .as("an id naming no partition resumes from before everything").isEmpty();
    }

    @Test
    void beforeReadingStartsNothingCanBeReplayedAndUnreadableRecordsOnlyMoveThePosition() {
        ResultLog log = new ResultLog(10);
        assertThat(log.after("alice", StreamPosition.of(0))).isEmpty();
        assertThat(log.delivered()).isNull();

        log.start(new long[]{0});
        log.record(0, 0, null);
        assertThat(log.position()).isEqualTo(StreamPosition.of(0));
        assertThat(log.delivered()).as("not yet handed to listeners").isEqualTo(StreamPosition.of(-1));
        log.markDelivered();
        assertThat(log.delivered()).isEqualTo(StreamPosition.of(0));
        assertThat(log.after("alice", StreamPosition.of(-1)).orElseThrow().entries()).isEmpty();
    }

    @Test
    void aPositionRoundTripsThroughItsIdAndMovesOnlyForward() {
        StreamPosition position = StreamPosition.of(3, -1, 7);
        assertThat(StreamPosition.decode(position.encode())).isEqualTo(position);
        assertThat(position.encode()).isEqualTo("v1:3,-1,7");
        assertThat(position.passing(1, 4)).isEqualTo(StreamPosition.of(3, 4, 7));
        assertThat(position.passing(0, 2)).isSameAs(position);
        assertThat(position.passing(4, 1)).isEqualTo(StreamPosition.of(3, -1, 7, -1, 1));
        assertThat(position.max(StreamPosition.of(5, -1))).isEqualTo(StreamPosition.of(5, -1, 7));
        assertThat(position.offset(9)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1:", "v2:1,2", "v1:1,,2", "v1:x", "v1:-2", "1,2"})
    void anIdThatIsNotAPositionIsRefused(String id) {
        assertThatThrownBy(() -> StreamPosition.decode(id)).isInstanceOf(IllegalArgumentException.class);
    }

    private static WriteResult result(String user) {
        return new WriteResult(EventSchema.CURRENT_VERSION, UUID.randomUUID(), SyncId.random(), user, "phone",
                Outcome.APPLIED, null, 1, List.of(UUID.randomUUID()), List.of(), null, null, null, null,
                Instant.now());
    }
}
