package io.syncid.consolidator.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs the per-record JSON work of a batch (reading events, writing operations) on a few threads: it is most of the
 * consolidator's CPU, and one thread doing it left the other cores to the Kafka clients alone. Small batches — a lone
 * operation — run on the calling thread, so nothing is handed over when the topic is quiet.
 */
final class Codec implements AutoCloseable {

    /** Below this many items per thread a hand-over costs more than it saves. */
    private static final int MIN_PER_THREAD = 256;

    private final int threads;
    private final ExecutorService pool;

    Codec(int threads) {
        this.threads = Math.max(1, threads);
        AtomicInteger n = new AtomicInteger();
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, task -> {
            Thread thread = new Thread(task, "queue-consolidator-codec-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Calls {@code work} for every index in {@code [0, size)}, each exactly once, in contiguous chunks on up to
     * {@code threads} threads (the caller's among them), and returns when all are done. {@code work} must only write
     * to its own index of whatever it fills, and must not throw.
     */
    void forEach(int size, IntConsumer work) {
        int chunks = Math.min(threads, size / MIN_PER_THREAD);
        if (chunks <= 1) {
            for (int i = 0; i < size; i++) {
                work.accept(i);
            }
            return;
        }
        int per = (size + chunks - 1) / chunks;
        List<Future<?>> others = new ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            int from = c * per;
            int to = Math.min(size, from + per);
            others.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    work.accept(i);
                }
            }));
        }
        for (int i = 0; i < per; i++) {
            work.accept(i);
        }
        for (Future<?> other : others) {
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the batch was being read", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("reading or writing a batch failed", e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
