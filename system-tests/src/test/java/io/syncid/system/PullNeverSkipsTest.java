package io.syncid.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.SyncId;
import io.syncid.testkit.random.Seeds;

/**
 * SPEC §4 "a pull never misses a change, also with several writer replicas": two remote-writer replicas apply a
 * stream of operations of several users while a reader per user pulls continuously by cursor; at the end each
 * reader's view (syncId → version, deleted) equals a full pull. 2 500 operations by default (the CI time budget);
 * {@code -Dsystem.pull.operations=N} for more.
 */
class PullNeverSkipsTest {

    private static final int USERS = 3;
    private static final int OPERATIONS = Integer.getInteger("system.pull.operations", 2_500);
    private static final int BATCH = 50;

    private static SyncSystem system;

    @BeforeAll
    static void start() {
        // A real settle window: the guarantee rests on it being longer than the index's propagation delay.
        system = SyncSystem.start(4, Map.of("sync-gateway", Map.of("syncid.gateway.pull.settle-window", "1s")),
                "sync-gateway",
                "queue-consolidator", "remote-writer", "remote-writer");
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    /** What a device keeps of a document: enough to tell a missed change. */
    record Seen(long version, boolean deleted) {
    }

    @Test
    void everyReaderEndsWithExactlyTheServersState() throws Exception {
        Seeds.property(0, r -> run(r));
    }

    private void run(Random random) {
        ExecutorService pool = Executors.newFixedThreadPool(USERS * 2);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<Map<String, Seen>>> readers = new ArrayList<>();
            List<Future<?>> writers = new ArrayList<>();
            List<String> users = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                String user = "puller-" + u + "-" + random.nextInt(1_000_000);
                users.add(user);
                long seed = random.nextLong();
                writers.add(pool.submit(() -> write(new Device(system, user, "phone"), new Random(seed))));
                readers.add(pool.submit(() -> read(new Device(system, user, "reader"), writing)));
            }
            for (Future<?> w : writers) {
                w.get();
            }
            writing.set(false);
            for (int u = 0; u < USERS; u++) {
                Map<String, Seen> view = readers.get(u).get();
                Device check = new Device(system, users.get(u), "check");
                assertThat(view).as("reader view of %s", users.get(u)).isNotEmpty()
                        .isEqualTo(toSeen(check.fullPull()));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }

    /** Creates, edits (its own: baseVersion 0 fast-forwards) and deletes documents; waits for every outcome. */
    private static Void write(Device device, Random random) {
        List<SyncId> live = new ArrayList<>();
        List<Map<String, Object>> all = new ArrayList<>();
        for (int done = 0; done < OPERATIONS / USERS; done += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                int dice = random.nextInt(10);
                if (live.isEmpty() || dice < 4) {
                    SyncId id = SyncId.random();
                    live.add(id);
                    batch.add(Device.create(id, "doc " + random.nextInt()));
                } else if (dice < 9) {
                    batch.add(Device.update(live.get(random.nextInt(live.size())), 0, "edit " + random.nextInt()));
                } else {
                    batch.add(Device.delete(live.remove(random.nextInt(live.size())), 0));
                }
            }
            all.addAll(device.push(batch));
        }
        device.settle(all);
        return null;
    }

    /** Pulls by cursor until writing has stopped and one more pull after the settle window changed nothing. */
    private static Map<String, Seen> read(Device device, AtomicBoolean writing) {
        Map<String, Seen> view = new HashMap<>();
        String cursor = null;
        Instant quietSince = null;
        while (true) {
            SyncSystem.Answer answer = device.pull(cursor, 100);
            boolean changed = false;
            for (JsonNode doc : answer.body().get("documents")) {
                Seen seen = new Seen(doc.get("version").asLong(), doc.path("deleted").asBoolean(false));
                Seen before = view.get(doc.get("syncId").asText());
                if (before == null || before.version() <= seen.version()) {
                    changed |= !seen.equals(before);
                    view.put(doc.get("syncId").asText(), seen);
                }
            }
            cursor = answer.body().get("nextCursor").asText();
            if (answer.body().get("hasMore").asBoolean()) {
                continue;
            }
            if (writing.get() || changed) {
                quietSince = null;
            } else if (quietSince == null) {
                quietSince = Instant.now();
            } else if (Duration.between(quietSince, Instant.now()).toSeconds() >= 3) {
                return view;
            }
            SyncSystem.sleep(100);
        }
    }

    private static Map<String, Seen> toSeen(Map<String, JsonNode> pulled) {
        Map<String, Seen> seen = new HashMap<>();
        pulled.forEach((id, doc) -> seen.put(id,
                new Seen(doc.get("version").asLong(), doc.path("deleted").asBoolean(false))));
        return seen;
    }

}
