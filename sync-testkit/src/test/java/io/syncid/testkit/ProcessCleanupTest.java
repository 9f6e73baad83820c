package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.syncid.testkit.internal.ProcessRegistry;

/** Servers leave no process behind: not after close, and not after the JVM that started them died. */
class ProcessCleanupTest {

    @Test
    void closedServersAreGone() {
        long pid;
        try (Dynalite dynalite = Dynalite.start(null)) {
            pid = dynalite.pid();
            assertThat(ProcessHandle.of(pid)).isPresent();
            assertThat(Files.exists(ProcessRegistry.directory().resolve(pid + ".pid"))).isTrue();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(Files.exists(ProcessRegistry.directory().resolve(pid + ".pid"))).isFalse();
    }

    @Test
    void aServerWhoseOwnerDiedIsReapedByTheNextStart() throws Exception {
        Process orphan = new ProcessBuilder(List.of("sleep", "300")).start();
        Path pidFile = ProcessRegistry.register(orphan.pid(), "orphan");
        Properties p = new Properties();
        try (var in = Files.newInputStream(pidFile)) {
            p.load(in);
        }
        // Pretend the owner is a JVM that no longer runs.
        p.setProperty("owner", "999999999");
        try (var out = Files.newOutputStream(pidFile)) {
            p.store(out, null);
        }
        assertThat(orphan.isAlive()).isTrue();

        ProcessRegistry.reapStale();

        assertThat(orphan.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(pidFile)).isFalse();
    }

    @Test
    void aLiveOwnersServerIsLeftAlone() throws Exception {
        Process mine = new ProcessBuilder(List.of("sleep", "300")).start();
        Path pidFile = ProcessRegistry.register(mine.pid(), "mine");
        try {
            ProcessRegistry.reapStale();
            Thread.sleep(Duration.ofMillis(200).toMillis());
            assertThat(mine.isAlive()).isTrue();
        } finally {
            mine.destroyForcibly();
            ProcessRegistry.unregister(pidFile);
        }
    }
}
