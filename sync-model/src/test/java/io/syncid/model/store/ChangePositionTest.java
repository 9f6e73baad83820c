package io.syncid.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** The encoded position's string order is its numeric order, and successor is the next position in the lane. */
class ChangePositionTest {

    private static final long SEED = Long.getLong("syncid.seed", System.nanoTime());

    @RepeatedTest(20)
    void stringOrderEqualsPositionOrder(RepetitionInfo info) {
        long seed = SEED + info.getCurrentRepetition();
        Random random = new Random(seed);
        for (int i = 0; i < 500; i++) {
            ChangePosition a = random(random);
            ChangePosition b = random(random);
            assertThat(Integer.signum(a.encode().compareTo(b.encode())))
                    .as("seed %d: %s vs %s", seed, a, b)
                    .isEqualTo(Integer.signum(a.compareTo(b)));
            assertThat(ChangePosition.parse(a.encode())).as("seed %d", seed).isEqualTo(a);
            assertThat(a.encode()).as("seed %d: the hand-made encoding", seed)
                    .isEqualTo(ChangePosition.encodeWithFormat(a));
            ChangePosition next = a.successor();
            assertThat(next.compareTo(a)).as("seed %d: successor of %s", seed, a).isPositive();
            assertThat(next.lane()).isEqualTo(a.lane());
        }
    }

    @Test
    void theExtremePositionsEncodeAsTheFormatDoes() {
        for (ChangePosition p : new ChangePosition[]{ChangePosition.first(0), ChangePosition.last(0),
                ChangePosition.last(ChangePosition.MAX_LANE), new ChangePosition(7, 1_000_000_007L, 10)}) {
            assertThat(p.encode()).isEqualTo(ChangePosition.encodeWithFormat(p));
        }
    }

    @Test
    void successorCarriesIntoTheOffset() {
        assertThat(new ChangePosition(3, 7, ChangePosition.MAX_SUB).successor()).isEqualTo(new ChangePosition(3, 8, 0));
        assertThat(new ChangePosition(3, 7, 0).successor()).isEqualTo(new ChangePosition(3, 7, 1));
    }

    @Test
    void laneBoundsEncloseEveryPositionOfTheLane() {
        ChangePosition p = new ChangePosition(5, 123_456_789L, 1);
        assertThat(ChangePosition.first(5).encode()).isLessThan(p.encode());
        assertThat(ChangePosition.last(5).encode()).isGreaterThan(p.encode());
        assertThat(ChangePosition.last(4).encode()).isLessThan(ChangePosition.first(5).encode());
    }

    @Test
    void garbageIsRejected() {
        for (String bad : new String[]{null, "", "1:2:3", "00001:0000000000000000000x:00",
                "00001-00000000000000000001:00"}) {
            assertThatThrownBy(() -> ChangePosition.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new ChangePosition(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChangePosition(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChangePosition(0, 0, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    static ChangePosition random(Random random) {
        int lane = random.nextInt(5) == 0 ? ChangePosition.MAX_LANE : random.nextInt(64);
        long offset = random.nextInt(3) == 0 ? random.nextLong() & Long.MAX_VALUE : random.nextInt(1000);
        return new ChangePosition(lane, offset, random.nextInt(ChangePosition.MAX_SUB + 1));
    }
}
