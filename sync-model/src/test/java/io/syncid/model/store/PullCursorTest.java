package io.syncid.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Cursors round-trip, only move forward, and anything a device could forge or garble is refused. */
class PullCursorTest {

    private static final long SEED = Long.getLong("syncid.seed", System.nanoTime());

    @RepeatedTest(20)
    void roundTrips(RepetitionInfo info) {
        long seed = SEED + info.getCurrentRepetition();
        Random random = new Random(seed);
        Map<Integer, ChangePosition> positions = new HashMap<>();
        for (int i = random.nextInt(8); i > 0; i--) {
            ChangePosition p = ChangePositionTest.random(random);
            positions.put(p.lane(), p);
        }
        PullCursor cursor = new PullCursor(random.nextLong() & Long.MAX_VALUE, positions);
        assertThat(PullCursor.decode(cursor.encode())).as("seed %d", seed).isEqualTo(cursor);
    }

    @Test
    void advanceNeverMovesBackwards() {
        PullCursor c = PullCursor.initial().advance(2, new ChangePosition(2, 10, 0));
        assertThat(c.advance(2, new ChangePosition(2, 5, 0)).after(2)).isEqualTo(new ChangePosition(2, 10, 0));
        assertThat(c.advance(2, new ChangePosition(2, 11, 0)).after(2)).isEqualTo(new ChangePosition(2, 11, 0));
        assertThat(c.after(3)).isNull();
    }

    @RepeatedTest(20)
    void continuationsRoundTrip(RepetitionInfo info) {
        long seed = SEED + 1000 + info.getCurrentRepetition();
        Random random = new Random(seed);
        PullCursor cursor = PullCursor.initial().completeAt(random.nextLong() & Long.MAX_VALUE);
        for (int i = random.nextInt(8); i > 0; i--) {
            ChangePosition p = ChangePositionTest.random(random);
            cursor = random.nextBoolean() ? cursor.advance(p.lane(), p) : cursor.deliver(p.lane(), p);
        }
        assertThat(PullCursor.decode(cursor.encode())).as("seed %d", seed).isEqualTo(cursor);
    }

    @Test
    void aContinuationGoesOnAfterWhatItDeliveredAndItsRestartFromTheSettledPosition() {
        ChangePosition settled = new ChangePosition(1, 10, 0);
        ChangePosition sent = new ChangePosition(1, 14, 0);
        PullCursor continuation = PullCursor.initial().advance(1, settled).deliver(1, sent);
        assertThat(continuation.resumeAfter(1)).isEqualTo(sent);
        assertThat(continuation.after(1)).isEqualTo(settled);
        assertThat(continuation.deliver(1, new ChangePosition(1, 12, 0)).resumeAfter(1)).isEqualTo(sent);
        PullCursor restart = PullCursor.decode(continuation.encode()).restart();
        assertThat(restart.resumeAfter(1)).isEqualTo(settled);
        assertThat(restart.delivered()).isEmpty();
        assertThat(new String(Base64.getUrlDecoder().decode(restart.encode()), StandardCharsets.UTF_8))
                .as("a cursor without continuation keeps the v1 form").startsWith("v1;");
        assertThat(continuation.advance(1, new ChangePosition(1, 15, 0)).delivered())
                .as("settling past the delivered position ends the continuation of that lane").isEmpty();
    }

    @Test
    void garbageIsRefused() {
        for (String bad : new String[]{"", "!!!", enc("v2;1;"), enc("v1;x;"), enc("v1;1;0=1"), enc("v1;1;0=1.2,0=3.4"),
                enc("v1;-5;"), enc("v1;1;a=1.2"), enc("v1;1;0=1.200"), enc("v1;1"), enc("v1;1;99999999=1.1"),
                enc("v2;1;0=1.2;"), enc("v2;1;;0=1.x"), enc("v1;1;0=1.2;3=4.5")}) {
            assertThatThrownBy(() -> PullCursor.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static String enc(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
