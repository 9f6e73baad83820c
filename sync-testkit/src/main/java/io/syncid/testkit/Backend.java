package io.syncid.testkit;

import java.util.Locale;

/**
 * Which implementation starts the servers: {@code process} (default; child processes, no Docker needed) or
 * {@code containers} (Testcontainers, for machines with a Docker engine), chosen with
 * {@code -Dsyncid.testkit.backend=}. The API is the same either way.
 */
public enum Backend {
    PROCESS, CONTAINERS;

    public static final String PROPERTY = "syncid.testkit.backend";

    /** The backend selected for this JVM. */
    public static Backend selected() {
        String value = System.getProperty(PROPERTY, "process").trim().toUpperCase(Locale.ROOT);
        try {
            return Backend.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be 'process' or 'containers', not '" + value + "'");
        }
    }
}
