package io.syncid.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Where the build of sync-testkit-servers put Kafka, S3Proxy, dynalite and the OpenAPI linter on this machine. */
public final class ServerDistributions {

    private static final String BASE = "/io/syncid/testkit/";

    private ServerDistributions() {
    }

    /** Classpath of the Kafka broker and tools (with log4j2). */
    public static String kafkaClasspath() {
        return read("kafka.classpath").trim();
    }

    /** The S3Proxy fat jar. */
    public static Path s3ProxyJar() {
        return existing(Path.of(read("s3proxy.classpath").trim()));
    }

    /** dynalite's command-line entry point. */
    public static Path dynaliteCli() {
        return existing(Path.of(properties().getProperty("dynalite.home"), "node_modules", "dynalite", "cli.js"));
    }

    /** {@code @redocly/cli}'s command-line entry point (run with node), the OpenAPI linter of the services' tests. */
    public static Path redoclyCli() {
        return existing(Path.of(properties().getProperty("redocly.cli")));
    }

    /** The java executable of the running JVM, used for every Java server. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = ServerDistributions.class.getResourceAsStream(BASE + "servers.properties")) {
            if (in == null) {
                throw missing("servers.properties");
            }
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(String name) {
        try (InputStream in = ServerDistributions.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw missing(name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: build sync-testkit-servers (./mvnw install -pl "
                    + "sync-testkit-servers) on this machine");
        }
        return path;
    }

    private static IllegalStateException missing(String name) {
        return new IllegalStateException(name + " is not on the classpath: sync-testkit-servers must be built first");
    }
}
