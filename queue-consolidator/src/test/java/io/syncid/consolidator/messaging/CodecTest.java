package io.syncid.consolidator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** The batch codec's split: every index once, whatever the size and thread count; small batches stay on the caller. */
class CodecTest {

    @Test
    void everyIndexIsVisitedExactlyOnce() {
        for (int threads : new int[]{1, 2, 3, 8}) {
            try (Codec codec = new Codec(threads)) {
                for (int size : new int[]{0, 1, 255, 256, 511, 512, 513, 1000, 20_001}) {
                    AtomicIntegerArray visits = new AtomicIntegerArray(size);
                    codec.forEach(size, visits::incrementAndGet);
                    for (int i = 0; i < size; i++) {
                        assertThat(visits.get(i)).as("threads %d, size %d, index %d", threads, size, i).isOne();
                    }
                }
            }
        }
    }

    @Test
    void aLargeBatchIsSharedAndASmallOneStaysOnTheCallingThread() {
        try (Codec codec = new Codec(2)) {
            Set<String> large = ConcurrentHashMap.newKeySet();
            codec.forEach(10_000, i -> large.add(Thread.currentThread().getName()));
            assertThat(large).hasSize(2).contains(Thread.currentThread().getName());

            Set<String> small = ConcurrentHashMap.newKeySet();
            codec.forEach(100, i -> small.add(Thread.currentThread().getName()));
            assertThat(small).containsExactly(Thread.currentThread().getName());
        }
    }

    @Test
    void aFailureOnAnotherThreadReachesTheCaller() {
        try (Codec codec = new Codec(2)) {
            assertThatThrownBy(() -> codec.forEach(1_000, i -> {
                if (i == 999) {
                    throw new IllegalArgumentException("bug");
                }
            })).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("bug");
        }
    }
}
