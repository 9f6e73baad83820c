package io.syncid.model.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The run-encoded per-version device history against a model that remembers every version's device. */
class VersionDevicesTest {

    @Test
    void aDevicesLongRunOfItsOwnEditsCostsOneEntryAndStaysProvable() {
        Map<Long, String> runs = Map.of();
        runs = VersionDevices.withVersion(runs, 1, "dev-b");
        for (long v = 2; v <= 500; v++) {
            runs = VersionDevices.withVersion(runs, v, "dev-a");
        }
        assertThat(runs).containsExactlyInAnyOrderEntriesOf(Map.of(1L, "dev-b", 2L, "dev-a"));
        assertThat(VersionDevices.allWrittenBy(runs, 2, 500, "dev-a")).isTrue();
        assertThat(VersionDevices.allWrittenBy(runs, 1, 500, "dev-a")).isFalse();
    }

    @Test
    void aHistoryWrittenOneKeyPerVersionReadsTheSame() {
        Map<Long, String> perVersion = Map.of(1L, "dev-a", 2L, "dev-a", 3L, "dev-b", 4L, "dev-a");
        assertThat(VersionDevices.deviceOf(perVersion, 3)).isEqualTo("dev-b");
        assertThat(VersionDevices.allWrittenBy(perVersion, 4, 4, "dev-a")).isTrue();
        Map<Long, String> next = VersionDevices.withVersion(perVersion, 5, "dev-a");
        assertThat(next).hasSize(4).doesNotContainKey(5L);
        assertThat(VersionDevices.allWrittenBy(next, 4, 5, "dev-a")).isTrue();
    }

    @Test
    void versionsBeforeTheOldestKeptRunAreUnknownAndNeverProveADevicesOwn() {
        Map<Long, String> runs = Map.of();
        long version = 0;
        for (int run = 0; run <= DocumentItem.MAX_VERSION_DEVICES; run++) {
            runs = VersionDevices.withVersion(runs, ++version, run % 2 == 0 ? "dev-a" : "dev-b");
        }
        assertThat(runs).hasSize(DocumentItem.MAX_VERSION_DEVICES).doesNotContainKey(1L);
        assertThat(VersionDevices.deviceOf(runs, 1)).isNull();
        assertThat(VersionDevices.allWrittenBy(runs, 1, 1, "dev-a")).isFalse();
        assertThat(VersionDevices.allWrittenBy(runs, 3, 2, "dev-a")).as("an empty range").isTrue();
    }

    @Test
    void agreesWithAFullHistoryWheneverTheRunsReachBack() {
        long seed = Long.getLong("syncid.seed", System.nanoTime());
        Random random = new Random(seed);
        String[] devices = {"dev-a", "dev-b", "dev-c"};
        for (int trial = 0; trial < 300; trial++) {
            List<String> model = new ArrayList<>();
            Map<Long, String> runs = Map.of();
            int versions = 1 + random.nextInt(400);
            String device = devices[0];
            for (long v = 1; v <= versions; v++) {
                if (random.nextInt(8) == 0) {
                    device = devices[random.nextInt(devices.length)];
                }
                model.add(device);
                runs = VersionDevices.withVersion(runs, v, device);
            }
            assertThat(runs.size()).isLessThanOrEqualTo(DocumentItem.MAX_VERSION_DEVICES);
            long oldestKnown = runs.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
            for (int check = 0; check < 50; check++) {
                long from = 1 + random.nextInt(versions);
                String asked = devices[random.nextInt(devices.length)];
                boolean all = model.subList((int) from - 1, versions).stream().allMatch(asked::equals);
                String context = "seed " + seed + " (rerun with -Dsyncid.seed=" + seed + "), trial " + trial
                        + ", from " + from + ", " + asked + ", runs " + runs;
                assertThat(VersionDevices.allWrittenBy(runs, from, versions, asked)).as(context)
                        .isEqualTo(all && from >= oldestKnown);
                if (from >= oldestKnown) {
                    assertThat(VersionDevices.deviceOf(runs, from)).as(context).isEqualTo(model.get((int) from - 1));
                }
            }
        }
    }
}
