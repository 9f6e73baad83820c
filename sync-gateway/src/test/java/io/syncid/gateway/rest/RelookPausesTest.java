package io.syncid.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A woken, empty long-poll looks again after growing pauses that fill the settle window and no more. */
class RelookPausesTest {

    @Test
    void pausesDoubleFromTheFirstAndAddUpToTheSettleWindow() {
        assertThat(DocumentsResource.relookPauses(Duration.ofSeconds(2))).containsExactly(Duration.ofMillis(50),
                Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofMillis(450));
        assertThat(DocumentsResource.relookPauses(Duration.ofMillis(150))).containsExactly(Duration.ofMillis(50),
                Duration.ofMillis(100));
    }

    @Test
    void aSettleWindowOfZeroMeansListeningAgainAtOnce() {
        assertThat(DocumentsResource.relookPauses(Duration.ZERO)).isEmpty();
        assertThat(DocumentsResource.relookPauses(Duration.ofMillis(20))).containsExactly(Duration.ofMillis(20));
    }
}
