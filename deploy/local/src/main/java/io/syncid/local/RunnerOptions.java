package io.syncid.local;

import java.nio.file.Path;

/** Command-line options of the local runner; each also reads an environment variable. */
record RunnerOptions(Path dataDir, int partitions, int basePort, Path repoRoot) {

    static final String USAGE = """
            usage: deploy/local/run.sh [--data-dir DIR] [--partitions N] [--base-port PORT]
              --data-dir DIR     where all data lives; survives restarts (env SYNCID_DATA_DIR, default ./.syncid-local)
              --partitions N     partitions of every topic (env SYNCID_PARTITIONS, default 6)
              --base-port PORT   sync-gateway listens here, the next services on the following ports
                                 (env SYNCID_BASE_PORT, default 8080)
            """;

    /** Parsed options, or null when help was asked for. */
    static RunnerOptions parse(String[] args) {
        Path dataDir = Path.of(env("SYNCID_DATA_DIR", ".syncid-local"));
        int partitions = Integer.parseInt(env("SYNCID_PARTITIONS", "6"));
        int basePort = Integer.parseInt(env("SYNCID_BASE_PORT", "8080"));
        Path root = Path.of(env("SYNCID_HOME", ".")).toAbsolutePath().normalize();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i));
                case "--partitions" -> partitions = Integer.parseInt(value(args, ++i));
                case "--base-port" -> basePort = Integer.parseInt(value(args, ++i));
                case "-h", "--help" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1");
        }
        return new RunnerOptions(dataDir, partitions, basePort, root);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + args[i - 1] + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
