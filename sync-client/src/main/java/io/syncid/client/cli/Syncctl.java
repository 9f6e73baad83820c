package io.syncid.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.client.ClientOptions;
import io.syncid.client.LocalDocument;
import io.syncid.client.LocalMigrationReport;
import io.syncid.client.SyncClient;
import io.syncid.client.SyncReport;
import io.syncid.client.api.DeviceApi;
import io.syncid.client.queue.QueueState;
import io.syncid.client.store.LocalStore;
import io.syncid.model.EventJson;
import io.syncid.model.SyncId;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code syncctl}: the reference client from a shell. The device database (and with it the login) is the file given by
 * {@code --db}; {@code login} runs a token command and keeps the token, the command (to run again when the token is
 * about to expire), the gateway and the device id in it.
 */
@Command(name = "syncctl", mixinStandardHelpOptions = true, version = "syncctl 1.0", description = "The syncid "
        + "reference device client: a local SQLite database with an offline queue.", subcommands = {
                Syncctl.Login.class, Syncctl.Create.class, Syncctl.Edit.class, Syncctl.Delete.class,
                Syncctl.Attach.class, Syncctl.ListDocuments.class, Syncctl.Sync.class, Syncctl.Status.class,
                Syncctl.MigrateLocal.class})
public final class Syncctl {

    private static final String TOKEN = "cli.token";
    private static final String TOKEN_COMMAND = "cli.token_command";
    private static final String GATEWAY = "cli.gateway";
    private static final String DEVICE = "cli.device";
    private static final String USER = "cli.user";

    @Option(names = "--db", description = "The device database (default: ${DEFAULT-VALUE}; env SYNCCTL_DB)", defaultValue = "${env:SYNCCTL_DB:-syncctl.db}")
    Path db;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Syncctl()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("syncctl: " + e.getMessage());
            return 1;
        }).execute(args));
    }

    /** The client of this database, logged in. */
    SyncClient client() {
        try (LocalStore store = LocalStore.open(db)) {
            String user = store.state(USER).orElseThrow(
                    () -> new IllegalStateException("not logged in: syncctl --db " + db + " login --token-command …"));
            String device = store.state(DEVICE).orElseThrow();
            URI gateway = URI.create(store.state(GATEWAY).orElseThrow());
            DeviceApi api = new DeviceApi(gateway, this::token, Duration.ofSeconds(30));
            return SyncClient.open(db, ClientOptions.of(user, device), api);
        }
    }

    /** The stored token, or a fresh one from the token command when it expires within a minute. */
    synchronized String token() {
        try (LocalStore store = LocalStore.open(db)) {
            String token = store.state(TOKEN).orElseThrow();
            JsonNode claims = claims(token);
            long exp = claims.path("exp").asLong(Long.MAX_VALUE);
            if (Instant.now().plusSeconds(60).getEpochSecond() < exp) {
                return token;
            }
            String fresh = runTokenCommand(store.state(TOKEN_COMMAND).orElseThrow());
            store.putState(TOKEN, fresh);
            return fresh;
        }
    }

    static String runTokenCommand(String command) {
        try {
            Process p = new ProcessBuilder("sh", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("the token command failed: " + command);
            }
            String token = new String(out, StandardCharsets.UTF_8).trim();
            String[] lines = token.split("\\R");
            return lines[lines.length - 1].trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the token command: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The claims of a JWT, read without checking its signature (the gateway checks it; the device only needs sub). */
    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("the token is not a JWT");
        }
        try {
            return EventJson.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the token's claims are not readable: " + e.getMessage(), e);
        }
    }

    static Map<String, Object> fields(List<String> pairs, Map<String, Object> base) {
        Map<String, Object> fields = new LinkedHashMap<>(base);
        if (pairs != null) {
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--field takes key=value, got " + pair);
                }
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return fields;
    }

    @Command(name = "login", description = "Run a token command, keep its token (and the command, to renew it)")
    static final class Login implements Callable<Integer> {
        @ParentCommand
        Syncctl top;
        @Option(names = "--token-command", required = true, description = "Prints a device JWT, e.g. 'deploy/local/token.sh alice'")
        String tokenCommand;
        @Option(names = "--gateway", defaultValue = "${env:SYNCID_GATEWAY:-http://localhost:8080}", description = "The gateway (default: ${DEFAULT-VALUE})")
        String gateway;
        @Option(names = "--device", description = "This device's id (default: kept, or syncctl-<random>)")
        String device;

        @Override
        public Integer call() {
            String token = runTokenCommand(tokenCommand);
            String user = claims(token).path("sub").asText("");
            if (user.isEmpty()) {
                throw new IllegalArgumentException("the token has no sub");
            }
            try (LocalStore store = LocalStore.open(top.db)) {
                String owner = store.state("user_id").orElse(user);
                if (!owner.equals(user)) {
                    throw new IllegalStateException(top.db + " belongs to " + owner + "; use another --db for "
                            + user);
                }
                String deviceId = device != null
                        ? device
                        : store.state(DEVICE).orElse("syncctl-" + SyncId.random().toString().substring(0, 8));
                store.putState(TOKEN, token);
                store.putState(TOKEN_COMMAND, tokenCommand);
                store.putState(GATEWAY, gateway);
                store.putState(DEVICE, deviceId);
                store.putState(USER, user);
                PrintWriter out = new CommandLine(this).getOut();
                out.println("logged in as " + user + " on device " + deviceId + " against " + gateway);
            }
            return 0;
        }
    }

    @Command(name = "create", description = "Create a document (queued until the next sync); prints its syncId")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        Syncctl top;
        @Option(names = "--title", required = true)
        String title;
        @Option(names = "--category", required = true)
        String category;
        @Option(names = "--field", description = "key=value, repeatable")
        List<String> fields;

        @Override
        public Integer call() {
            try (SyncClient client = top.client()) {
                System.out.println(client.create(title, category, Syncctl.fields(fields, Map.of())));
            }
            return 0;
        }
    }

    @Command(name = "edit", description = "Change a document's title, category or fields (others stay)")
    static final class Edit implements Callable<Integer> {
        @ParentCommand
        Syncctl top;
        @Parameters(index = "0", description = "syncId")
        String syncId;
        @Option(names = "--title")
        String title;
        @Option(names = "--category")
        String category;
        @Option(names = "--field", description = "key=value, repeatable (added or replaced)")
        List<String> fields;

        @Override
        public Integer call() {
            try (SyncClient client = top.client()) {
                SyncId id = SyncId.parse(syncId);
                LocalDocument doc = client.document(id)
                        .orElseThrow(() -> new IllegalArgumentException("no document " + syncId));
                client.edit(id, title == null ? doc.title() : title, category == null ? doc.category() : category,
                        Syncctl.fields(fields, doc.fields()));
                System.out.println("edited " + id + " (queued)");
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a document (a tombstone at once; the DELETE is queued)")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        Syncctl top;
        @Parameters(index = "0", description = "syncId")
        String syncId;

        @Override
        public Integer call() {
            try (SyncClient client = top.client()) {
                client.delete(SyncId.parse(syncId));
                System.out.println("deleted " + syncId + " (queued)");
            }
            return 0;
        }
    }

    @Command(name = "attach", description = "Attach a file (uploaded by the next sync, with its SHA-256)")
    static final class Attach implements Callable<Integer> {
        @ParentCommand
        Syncctl top;
        @Parameters(index = "0", description = "syncId")
        String syncId;
        @Parameters(index = "1", description = "the file")
        Path file;
        @Option(names = "--content-type", defaultValue = "application/octet-stream")
        String contentType;
        @Option(names = "--label")
        String label;

        @Override
        public Integer call() {
            try (SyncClient client = top.client()) {
                client.attach(SyncId.parse(syncId), file, contentType, label);
                System.out.println("attached " + file.getFileName() + " to " + syncId + " (queued)");
            }
            return 0;
        }
    }

    @Command(name = "list", description = "The local documents")
    static final class ListDocuments implements Callable<Integer> {
        @ParentCommand
        Syncctl top;

        @Override
        public Integer call() {
            try (SyncClient client = top.client()) {
                for (LocalDocument d : client.documents()) {
                    System.out.printf("%s  v%-3d %-20s %s%s%n", d.syncId(), d.version(), d.category(), d.title(),
                            d.conflictOf() == null ? "" : "  (conflict copy of " + d.conflictOf() + ")");
                }
            }
            return 0;
        }
    }

    @Command(name = "sync", description = "Sync rounds until the queue is settled (or --wait runs out), with progress")
    static final class Sync implements Callable<Integer> {
        @ParentCommand
        Syncctl top;
        @Option(names = "--wait", defaultValue = "60", description = "Seconds to wait for outcomes (default: ${DEFAULT-VALUE})")
        long waitSeconds;

        @Override
        public Integer call() throws InterruptedException {
            Instant deadline = Instant.now().plusSeconds(waitSeconds);
            try (SyncClient client = top.client()) {
                int round = 0;
                while (true) {
                    round++;
                    SyncReport report = client.sync(new ProgressBar(round));
                    System.out.print("\r\033[K");
                    System.out.printf("round %d: pushed %d (accepted %d, rejected %d), settled %s, pulled %d, "
                            + "copies %d, up %d, down %d, pending %d%s%n", round, report.pushed(), report.accepted(),
                            report.rejected(), report.settled(), report.pulled(), report.conflictCopies(),
                            report.uploaded(), report.downloaded(), report.pending(),
                            report.interruption() == null ? "" : " — " + report.interruption());
                    if (report.quiet()) {
                        System.out.println("in sync");
                        return 0;
                    }
                    if (Instant.now().isAfter(deadline)) {
                        System.out.println("still pending after " + waitSeconds + " s: run sync again");
                        return 3;
                    }
                    Thread.sleep(report.interruption() == null ? 500 : 2000);
                }
            }
        }
    }

    /** A one-line progress bar on the terminal. */
    private record ProgressBar(int round) implements SyncClient.Progress {
        @Override
        public void update(String phase, int done, int total) {
            int width = 30;
            int filled = total <= 0 ? width : (int) Math.min(width, (long) width * done / total);
            System.out.print("\r\033[Kround " + round + " [" + "#".repeat(filled) + ".".repeat(width - filled) + "] "
                    + phase + " " + done + "/" + total);
            System.out.flush();
        }
    }

    @Command(name = "status", description = "Identity, local counts, queue and transfers")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        Syncctl top;

        @Override
        public Integer call() {
            try (SyncClient client = top.client()) {
                SyncClient.Status s = client.status();
                System.out.println("user        " + s.userId());
                System.out.println("device      " + s.deviceId());
                System.out.println("database    " + top.db.toAbsolutePath());
                System.out.println("documents   " + s.documents() + " (tombstones " + s.tombstones() + ")");
                System.out.println("queue       unsent " + s.queue().get(QueueState.QUEUED) + ", unanswered "
                        + s.queue().get(QueueState.SENDING) + ", awaiting outcome "
                        + s.queue().get(QueueState.ACCEPTED) + ", to read back " + s.toRefresh());
                System.out.println("attachments uploads waiting " + s.uploadsWaiting() + ", downloads waiting "
                        + s.downloadsWaiting());
                System.out.println("pulled      " + (s.hasCursor() ? "yes (delta pulls from the cursor)" : "never"));
            }
            return 0;
        }
    }

    @Command(name = "migrate-local", description = "Move the old app's local database into this one, adopting the "
            + "syncIds the platform knows its documents by (run after the cloud migration; then sync)")
    static final class MigrateLocal implements Callable<Integer> {
        @ParentCommand
        Syncctl top;
        @Parameters(index = "0", description = "The legacy SQLite database (read, never changed)")
        Path legacyDb;

        @Override
        public Integer call() {
            try (SyncClient client = top.client()) {
                LocalMigrationReport r = client.migrateLocal(legacyDb);
                System.out.println("adopted by legacy id " + r.adoptedByLegacyId());
                System.out.println("adopted by match     " + r.adoptedByMatch());
                System.out.println("created new          " + r.createdNew() + " (queued CREATEs)");
                System.out.println("skipped deleted      " + r.skippedDeleted());
                System.out.println("already migrated     " + r.alreadyMigrated());
                r.missingFiles().forEach(m -> System.out.println("missing file         " + m));
                r.failures().forEach(f -> System.out.println("not migrated         " + f));
                System.out.println(r.failures().isEmpty()
                        ? "done: run sync to push the new documents and read the adopted ones"
                        : r.failures().size() + " rows not migrated: fix them and run migrate-local again");
                return r.failures().isEmpty() ? 0 : 2;
            }
        }
    }
}
