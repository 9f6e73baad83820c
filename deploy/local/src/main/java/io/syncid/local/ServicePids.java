package io.syncid.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Pid files of the service processes, so that services left behind by a runner that was killed outright (no shutdown
 * hook ran) are stopped by the next start instead of holding their ports.
 */
final class ServicePids {

    private final Path dir;

    ServicePids(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    void record(String name, Process process) throws IOException {
        Files.writeString(dir.resolve(name + ".pid"), Long.toString(process.pid()));
    }

    void reapStale() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                long pid = Long.parseLong(Files.readString(file).trim());
                ProcessHandle.of(pid)
                        .filter(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar"))
                        .ifPresent(p -> {
                            System.out.println("[syncid-local] stopping stale service process " + pid);
                            p.destroyForcibly();
                        });
                Files.delete(file);
            }
        }
    }
}
