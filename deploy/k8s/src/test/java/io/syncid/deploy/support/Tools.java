package io.syncid.deploy.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The command-line tools the deployment tests run (kubectl, promtool): found on the PATH, or missing, which skips the
 * test loudly on a developer's machine and fails it where {@code -Ddeploy.require-tools=true} (CI).
 */
public final class Tools {

    /** How a machine gets both tools (Debian packages). */
    public static final String INSTALL = "apt-get install -y kubectl prometheus";

    private static final long TIMEOUT_SECONDS = 120;

    private Tools() {
    }

    /** The output and exit code of one finished command. */
    public record Result(int exitCode, String output) {
    }

    /** The path of {@code tool}; a missing tool aborts (or, when tools are required, fails) the calling test. */
    public static Path require(String tool) {
        Optional<Path> found = find(tool);
        if (found.isPresent()) {
            return found.get();
        }
        String message = "*** " + tool + " is not installed, so this deployment test cannot run. Install it with `"
                + INSTALL + "` (what .ci/run does). ***";
        if (Boolean.getBoolean("deploy.require-tools")) {
            fail(message + " -Ddeploy.require-tools=true makes this a failure.");
        }
        System.err.println(message + " SKIPPED.");
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    /** Runs {@code command} in {@code dir}, stdout and stderr together, with a generous deadline. */
    public static Result run(Path dir, List<String> command) {
        try {
            Path log = Files.createTempFile("syncid-deploy-tool", ".log");
            try {
                Process process = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    fail(command + " did not finish in " + TIMEOUT_SECONDS + " s");
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static Optional<Path> find(String tool) {
        // -Dsyncid.deploy.tools-path=DIR[:DIR] looks elsewhere than the PATH (tools installed by hand)
        String path = System.getProperty("syncid.deploy.tools-path", System.getenv().getOrDefault("PATH", ""));
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
