package io.syncid.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The cluster ids the testkit formats Kafka storage with: Kafka's shape, never read as a command-line option. */
class KafkaClusterIdTest {

    @Test
    void anIdThatWouldStartWithAHyphenIsDrawnAgain() {
        // 0xF8 encodes to '-' as the first base64url character; the second draw is ordinary.
        Random firstDrawIsHyphen = new Random(1) {
            private static final long serialVersionUID = 1L;
            private int draws;

            @Override
            public void nextBytes(byte[] bytes) {
                super.nextBytes(bytes);
                if (draws++ == 0) {
                    bytes[0] = (byte) 0xF8;
                }
            }
        };
        String id = KafkaProcess.clusterId(firstDrawIsHyphen);
        assertFalse(id.startsWith("-"), id);
    }

    @Test
    void idsAreSixteenBase64UrlBytesWithoutALeadingHyphen() {
        long seed = Long.getLong("syncid.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            String id = KafkaProcess.clusterId(random);
            assertFalse(id.startsWith("-"), "seed " + seed + " (rerun with -Dsyncid.seed=" + seed + ")" + ": " + id);
            assertEquals(22, id.length(), "seed " + seed + " (rerun with -Dsyncid.seed=" + seed + ")" + ": " + id);
            assertEquals(16, Base64.getUrlDecoder().decode(id).length,
                    "seed " + seed + " (rerun with -Dsyncid.seed=" + seed + ")" + ": " + id);
        }
    }
}
