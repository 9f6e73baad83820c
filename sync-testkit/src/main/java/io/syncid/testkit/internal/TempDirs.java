package io.syncid.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Scratch directories under the build's {@code target/syncid-testkit} (not /tmp: a clean build removes whatever a
 * crashed run left), deleted when their server closes.
 */
public final class TempDirs {

    private TempDirs() {
    }

    /** {@code target/syncid-testkit} of the working directory (the module, under Maven). */
    public static Path base() {
        return Path.of(System.getProperty("user.dir"), "target", "syncid-testkit").toAbsolutePath();
    }

    public static Path create(String prefix) {
        try {
            Files.createDirectories(base());
            return Files.createTempDirectory(base(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: leftovers live under target/ and go with the next clean
        }
    }
}
