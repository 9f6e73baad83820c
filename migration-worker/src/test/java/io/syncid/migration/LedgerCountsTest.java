package io.syncid.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.migration.ledger.ItemEntity;
import io.syncid.migration.ledger.ItemStatus;
import io.syncid.migration.ledger.Ledger;
import io.syncid.migration.service.OpIds;
import io.syncid.testkit.random.Seeds;

/**
 * A run's status counts ({@link Ledger#counts}, {@link Ledger#failedLive}), kept by triggers in {@code item_counts},
 * equal a count of the run's items after random sequences of every ledger write, made by four threads at once (each
 * its own items, all the same runs): inserts, upserts that insert or update, updates that move an item or leave it.
 */
@QuarkusTest
class LedgerCountsTest {

    private static final int THREADS = 4;
    private static final int ITEMS_PER_THREAD = 8;
    private static final int STEPS = 40;

    @Inject
    Ledger ledger;

    @Test
    void countsEqualTheItemsAfterConcurrentRandomWrites() throws Exception {
        for (int repetition = 0; repetition < 3; repetition++) {
            Seeds.property(repetition, this::concurrentRandomWrites);
        }
    }

    private void concurrentRandomWrites(Random random) {
        List<UUID> runs = List.of(UUID.randomUUID(), UUID.randomUUID());
        runs.forEach(run -> ledger.createRun(run, THREADS * ITEMS_PER_THREAD, THREADS * ITEMS_PER_THREAD, Map.of()));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = random.nextLong();
                String prefix = "counts-" + t + "-" + UUID.randomUUID() + "-";
                threads.add(pool.submit(() -> writes(new Random(seed), runs, prefix)));
            }
            for (Future<?> thread : threads) {
                thread.get();
            }
            for (UUID run : runs) {
                List<ItemEntity> items = ledger.items(run);
                Map<ItemStatus, Long> counted = new EnumMap<>(ItemStatus.class);
                for (ItemStatus s : ItemStatus.values()) {
                    counted.put(s, items.stream().filter(i -> i.status == s).count());
                }
                assertThat(ledger.counts(run)).as("run %s", run).isEqualTo(counted);
                assertThat(ledger.failedLive(run)).as("run %s", run).isEqualTo(items.stream()
                        .filter(i -> i.status == ItemStatus.FAILED && !i.legacyDeleted).count());
                assertThat(items).as("items written").isNotEmpty();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
            runs.forEach(ledger::markRunRolledBack);
        }
    }

    /** One thread's random writes to its own legacy items, in both runs (a write its status forbids is a no-op). */
    private void writes(Random random, List<UUID> runs, String prefix) {
        for (int step = 0; step < STEPS; step++) {
            UUID run = runs.get(random.nextInt(runs.size()));
            List<String> batch = new ArrayList<>();
            int size = 1 + random.nextInt(4);
            for (int i = 0; i < size; i++) {
                String legacyId = prefix + random.nextInt(ITEMS_PER_THREAD);
                if (!batch.contains(legacyId)) {
                    batch.add(legacyId);
                }
            }
            switch (random.nextInt(7)) {
                case 0, 1 -> ledger.assignAndStartAll(batch.stream().map(legacyId -> {
                    int attempt = ledger.item(run, legacyId).map(i -> i.attempt).orElse(0);
                    return new Ledger.Start(run, legacyId, "counts-user", ledger.assignmentInForce(legacyId)
                            .orElse(null), null, "no legacy syncId", random.nextInt(4) == 0, attempt,
                            OpIds.importOp(run, legacyId, attempt));
                }).toList());
                case 2 -> ledger.markImporting(batch.stream().map(legacyId -> new Ledger.ItemKey(run, legacyId))
                        .toList());
                case 3 -> ledger.recordOutcomes(batch.stream().flatMap(legacyId -> ledger.item(run, legacyId)
                        .filter(i -> i.opId != null).stream())
                        .map(i -> random.nextBoolean()
                                ? new Ledger.Outcome(i.opId, ItemStatus.MIGRATED, null, 1)
                                : new Ledger.Outcome(i.opId, ItemStatus.FAILED, "TOMBSTONED: refused", 0))
                        .toList());
                case 4 -> batch.forEach(legacyId -> ledger.finishWithout(run, legacyId,
                        random.nextBoolean() ? ItemStatus.FAILED : ItemStatus.SKIPPED, "counts-user", null,
                        "malformed legacy item"));
                case 5 -> batch.forEach(legacyId -> ledger.markRetrying(run, legacyId));
                default -> batch.forEach(legacyId -> ledger.markRolledBack(run, legacyId, "migration-rollback"));
            }
        }
    }
}
