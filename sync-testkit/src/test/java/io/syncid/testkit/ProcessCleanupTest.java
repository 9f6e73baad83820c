package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.syncid.testkit.internal.ProcessRegistry;
import io.syncid.testkit.internal.ServerDistributions;

/** Servers leave no process behind: not after close, and not after the JVM that started them was killed. */
class ProcessCleanupTest {

    @Test
    void aClosedServerIsGoneWithItsPidFile() {
        long pid;
        try (Dynalite dynalite = Dynalite.start(null)) {
            pid = dynalite.pid();
            assertThat(ProcessHandle.of(pid)).isPresent();
            assertThat(ProcessRegistry.directory().resolve(pid + ".pid")).exists();
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessRegistry.directory().resolve(pid + ".pid")).doesNotExist();
    }

    /** The real thing: a JVM starts dynalite and is killed with SIGKILL (no shutdown hook); the next start reaps it. */
    @Test
    void aServerOfAKilledJvmIsStoppedByTheNextStart() throws Exception {
        Process owner = new ProcessBuilder(ServerDistributions.java(), "-cp", System.getProperty("java.class.path"),
                OrphanMaker.class.getName()).redirectErrorStream(true).start();
        long orphan;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("PID "));
            assertThat(line).as("the owner JVM started dynalite").isNotNull();
            orphan = Long.parseLong(line.substring(4).trim());
        } finally {
            owner.destroyForcibly();
            owner.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).as("orphan survives its owner").isPresent();
        Path scratch = Path.of(read(ProcessRegistry.directory().resolve(orphan + ".pid")).getProperty("scratch"));
        assertThat(scratch).isDirectory();

        ProcessRegistry.reapStale();

        ProcessHandle.of(orphan).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessRegistry.directory().resolve(orphan + ".pid")).doesNotExist();
        assertThat(scratch).as("the orphan's temporary directory").doesNotExist();
    }

    @Test
    void aLiveOwnersServerIsLeftAlone() throws Exception {
        Process mine = new ProcessBuilder(List.of("sleep", "300")).start();
        Path pidFile = ProcessRegistry.register(mine.pid(), "mine");
        try {
            ProcessRegistry.reapStale();
            assertThat(mine.waitFor(200, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(pidFile).exists();
        } finally {
            mine.destroyForcibly();
            ProcessRegistry.unregister(pidFile);
        }
    }

    /** A dead owner's pid file whose pid now belongs to another process (pid reuse) must not kill that process. */
    @Test
    void aReusedPidIsNotKilled() throws Exception {
        Process stranger = new ProcessBuilder(List.of("sleep", "300")).start();
        Path pidFile = ProcessRegistry.register(stranger.pid(), "reused");
        try {
            rewrite(pidFile, "owner", "999999999");
            rewrite(pidFile, "start", "2001-01-01T00:00:00Z");

            ProcessRegistry.reapStale();

            assertThat(stranger.waitFor(200, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(pidFile).as("a stale file is forgotten").doesNotExist();
        } finally {
            stranger.destroyForcibly();
            ProcessRegistry.unregister(pidFile);
        }
    }

    private static Properties read(Path pidFile) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(pidFile)) {
            p.load(in);
        }
        return p;
    }

    private static void rewrite(Path pidFile, String key, String value) throws Exception {
        Properties p = read(pidFile);
        p.setProperty(key, value);
        try (var out = Files.newOutputStream(pidFile)) {
            p.store(out, null);
        }
    }

    /** Run in a separate JVM: starts dynalite, prints its pid, and waits to be killed. */
    static final class OrphanMaker {

        public static void main(String[] args) throws Exception {
            Dynalite dynalite = Dynalite.start(null);
            System.out.println("PID " + dynalite.pid());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
