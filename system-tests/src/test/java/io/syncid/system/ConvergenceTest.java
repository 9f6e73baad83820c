package io.syncid.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.client.ClientOptions;
import io.syncid.client.LocalDocument;
import io.syncid.client.LocalMigrationReport;
import io.syncid.client.LocalTombstone;
import io.syncid.client.SettledOperation;
import io.syncid.client.SyncClient;
import io.syncid.client.SyncReport;
import io.syncid.client.api.DeviceApi;
import io.syncid.client.api.DocumentLookup;
import io.syncid.client.api.PullPage;
import io.syncid.client.api.PushResult;
import io.syncid.client.api.RemoteDocument;
import io.syncid.client.cli.Syncctl;
import io.syncid.client.queue.QueueState;
import io.syncid.client.queue.QueuedOperation;
import io.syncid.client.store.LegacySchema;
import io.syncid.model.Attachment;
import io.syncid.model.AttachmentChecksum;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventJson;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.testkit.random.Seeds;

import picocli.CommandLine;

/**
 * The platform's promise as devices see it (issue #13), through the whole data path as processes (gateway,
 * consolidator, writer, tombstone-service) and the reference client ({@code sync-client}) on real SQLite files under
 * {@code target/convergence/}: three devices of one user make random edits from a seeded {@link Random} (creates,
 * edits, attachments, deletes; offline periods; concurrent edits of the same documents), then sync until quiet.
 * Afterwards every device's database equals the server's full pull, no syncId appears twice, every accepted edit is
 * current or was overwritten by an edit made on top of it or kept in a conflict copy, and no deleted document is live
 * anywhere. A second test keeps two users' devices apart, a third drives the {@code syncctl} CLI.
 *
 * <p>
 * Size: {@value #DEFAULT_OPERATIONS} local edits by default; {@code -Dconvergence.operations=5000} for the full run.
 * A failure names the seed; {@code -Dsyncid.seed=<seed>} replays the same edits.
 */
class ConvergenceTest {

    private static final int DEFAULT_OPERATIONS = 300;
    private static final int OPERATIONS = Integer.getInteger("convergence.operations", DEFAULT_OPERATIONS);
    private static final Duration QUIET_WITHIN = Duration.ofMinutes(3);
    private static final String[] DEVICES = {"phone", "tablet", "laptop"};

    private static SyncSystem system;
    private static Path root;

    @BeforeAll
    static void start() throws IOException {
        root = SyncSystem.ROOT.resolve("system-tests/target/convergence/" + Seeds.BASE);
        Files.createDirectories(root);
        system = SyncSystem.start(3, Map.of(), "sync-gateway", "queue-consolidator", "remote-writer",
                "tombstone-service");
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void threeDevicesOfOneUserConvergeWithNothingLostAndNothingBack() {
        Seeds.property(0, random -> new Run("conv-user", random, root.resolve("one-user")).convergence());
    }

    @Test
    void twoUsersDevicesNeverSeeEachOthersData() {
        Seeds.property(1, random -> isolation(random, root.resolve("two-users")));
    }

    @Test
    void syncctlLogsInEditsOfflineAndSyncsThroughTheGateway() throws IOException {
        Path db = root.resolve("syncctl/cli-user.db");
        Files.createDirectories(db.getParent());
        String token = system.token("cli-user");
        assertThat(syncctl(db, "login", "--token-command", "echo " + token, "--device", "cli-phone", "--gateway",
                system.uri("sync-gateway", "/").toString())).isZero();
        assertThat(syncctl(db, "create", "--title", "Home insurance", "--category", "insurance", "--field",
                "renewal=2027-01-31")).isZero();
        SyncId id;
        try (SyncClient client = SyncClient.open(db, ClientOptions.of("cli-user", "cli-phone"), api("cli-user"))) {
            id = client.documents().get(0).syncId();
        }
        assertThat(syncctl(db, "edit", id.toString(), "--field", "insurer=Acme")).isZero();
        assertThat(syncctl(db, "sync", "--wait", "60")).as("sync ends in sync").isZero();
        assertThat(syncctl(db, "status")).isZero();

        DocumentLookup server = api("cli-user").document(id);
        assertThat(server).isInstanceOfSatisfying(DocumentLookup.Live.class, live -> {
            assertThat(live.document().title()).isEqualTo("Home insurance");
            assertThat(live.document().fields()).containsEntry("renewal", "2027-01-31")
                    .containsEntry("insurer", "Acme");
            assertThat(live.document().version()).as("the offline edit folded into the CREATE").isEqualTo(1);
        });
        assertThat(syncctl(db, "delete", id.toString())).isZero();
        assertThat(syncctl(db, "sync", "--wait", "60")).isZero();
        assertThat(api("cli-user").document(id)).isInstanceOf(DocumentLookup.Deleted.class);
    }

    @Test
    void aLegacyDeviceDatabaseAdoptsWhatTheUserHasAndSyncsWithoutDuplicates() throws Exception {
        String user = "legacy-" + UUID.randomUUID();
        Path dir = root.resolve(user);
        Files.createDirectories(dir);
        try (SyncClient phone = SyncClient.open(dir.resolve("new-phone.db"), ClientOptions.of(user, "new-phone"),
                api(user));
                SyncClient old = SyncClient.open(dir.resolve("old-phone.db"), ClientOptions.of(user, "old-phone"),
                        api(user))) {
            // What the user already has in the cloud, from the new phone.
            SyncId passport = phone.create("Passport", "id", Map.of("number", "X123"));
            SyncId lease = phone.create("Lease", "home", Map.of());
            syncUntilQuiet(List.of(phone));
            Instant passportCreated = ((DocumentLookup.Live) api(user).document(passport)).document().createdAt();

            // The old phone's database: two copies of those without a cloud id, two never synced, one deleted.
            Path legacy = dir.resolve("old-app.db");
            Files.write(dir.resolve("diary.txt"), "dear diary".getBytes(StandardCharsets.UTF_8));
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + legacy);
                    Statement s = db.createStatement()) {
                for (String ddl : LegacySchema.DDL) {
                    s.execute(ddl);
                }
                s.execute("INSERT INTO documents(id, legacy_id, title, category, created_at, fields_json, deleted) "
                        + "VALUES (1, NULL, ' passport', 'ID', '" + passportCreated + "', '{}', 0), "
                        + "(2, NULL, 'Lease', 'home', NULL, NULL, 0), "
                        + "(3, 'never-migrated-7', 'Car papers', 'car', NULL, NULL, 0), "
                        + "(4, NULL, 'Diary', 'personal', NULL, '{\"mood\":\"fine\"}', 0), "
                        + "(5, NULL, 'Gone', 'misc', NULL, NULL, 1)");
                s.execute("INSERT INTO file_attachments(id, document_id, file_name, local_path) "
                        + "VALUES (1, 4, 'diary.txt', 'diary.txt')");
            }

            LocalMigrationReport report = old.migrateLocal(legacy);
            assertThat(report.adoptedByMatch()).isEqualTo(2);
            assertThat(report.adoptedByLegacyId()).isZero();
            assertThat(report.createdNew()).isEqualTo(2);
            assertThat(report.skippedDeleted()).isEqualTo(1);
            assertThat(report.failures()).isEmpty();
            assertThat(old.migrateLocal(legacy).alreadyMigrated()).as("a second run adopts nothing").isEqualTo(5);
            syncUntilQuiet(List.of(old, phone));

            Server server = Server.of(api(user));
            assertThat(server.duplicates()).isEmpty();
            assertThat(server.live()).hasSize(4);
            assertThat(server.live().values()).extracting(Doc::title)
                    .containsExactlyInAnyOrder("Passport", "Lease", "Car papers", "Diary");
            for (SyncClient device : List.of(old, phone)) {
                assertThat(device.documents()).extracting(d -> d.syncId().toString())
                        .containsExactlyInAnyOrderElementsOf(server.live().keySet());
            }
            assertThat(old.document(passport)).hasValueSatisfying(d -> {
                assertThat(d.title()).as("the server's state replaced the legacy copy").isEqualTo("Passport");
                assertThat(d.fields()).containsEntry("number", "X123");
            });
            assertThat(old.document(lease)).isPresent();
            SyncId diary = old.documents().stream().filter(d -> d.title().equals("Diary")).findFirst().orElseThrow()
                    .syncId();
            assertThat(phone.attachmentFile(diary, "diary.txt")).hasValueSatisfying(
                    file -> assertThat(file).hasContent("dear diary"));
        }
    }

    /** Sync rounds on every client until all are quiet in the same pass. */
    private static void syncUntilQuiet(List<SyncClient> clients) {
        Instant deadline = Instant.now().plus(QUIET_WITHIN);
        while (true) {
            boolean quiet = true;
            for (SyncClient client : clients) {
                quiet &= client.sync().quiet();
            }
            if (quiet) {
                // One more pass: a device that went quiet before another's last writes pulls them now.
                clients.forEach(SyncClient::sync);
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not quiet within " + QUIET_WITHIN);
            }
            SyncSystem.sleep(200);
        }
    }

    private static int syncctl(Path db, String... args) {
        List<String> all = new ArrayList<>(List.of("--db", db.toString()));
        all.addAll(List.of(args));
        return new CommandLine(new Syncctl()).execute(all.toArray(String[]::new));
    }

    // ---- the convergence run

    /** One simulated user with three devices and what the test remembers of their edits. */
    private static final class Run {

        final String userId;
        final Random random;
        final Path dir;
        final List<Device> devices = new ArrayList<>();
        /** The title each device saw when it deleted (by the DELETE's opId): the state the deletion was made on. */
        final Map<String, String> deleteParents = new HashMap<>();
        /** The local title each edit replaced, by the edit's (unique) title: local folding hides all but the last. */
        final Map<String, String> parentOf = new HashMap<>();
        final Set<SyncId> created = new HashSet<>();
        int counter;
        int syncs;

        Run(String userId, Random random, Path dir) {
            this.userId = userId;
            this.random = random;
            this.dir = dir;
            for (String name : DEVICES) {
                devices.add(new Device(this, name));
            }
        }

        void convergence() {
            Instant began = Instant.now();
            try {
                concurrentEditOfOneDocument();
                randomEdits(OPERATIONS);
                syncUntilQuiet();
                Server server = Server.of(api(userId));
                assertConverged(server);
                report(began, server);
            } finally {
                devices.forEach(d -> d.client.close());
            }
        }

        /** A conflict the random phase might not produce: two devices edit the same version of one document. */
        void concurrentEditOfOneDocument() {
            Device phone = devices.get(0);
            SyncId shared = phone.create();
            syncUntilQuiet();
            devices.get(1).update(shared);
            devices.get(2).update(shared);
            syncUntilQuiet();
        }

        void randomEdits(int operations) {
            int edits = 0;
            while (edits < operations) {
                devices.forEach(d -> d.offlineFor = Math.max(0, d.offlineFor - 1));
                Device device = devices.get(random.nextInt(devices.size()));
                double p = random.nextDouble();
                if (p < 0.04) {
                    device.offlineFor = 10 + random.nextInt(60);
                } else if (p < 0.30) {
                    if (device.offlineFor == 0) {
                        device.sync();
                    }
                } else {
                    device.randomEdit();
                    edits++;
                }
            }
        }

        /**
         * Every device syncs, round after round, until a whole round found every queue settled; then one more round,
         * so each device pulls what the others settled after its own pull in that round.
         */
        void syncUntilQuiet() {
            Instant deadline = Instant.now().plus(QUIET_WITHIN);
            while (true) {
                boolean quiet = true;
                for (Device d : devices) {
                    d.offlineFor = 0;
                    quiet &= d.sync().quiet();
                }
                if (quiet) {
                    devices.forEach(Device::sync);
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("not quiet within " + QUIET_WITHIN + ": " + devices.stream()
                            .map(d -> d.name + " " + d.client.status()).collect(Collectors.joining("; ")));
                }
                SyncSystem.sleep(200);
            }
        }

        void assertConverged(Server server) {
            assertThat(server.duplicates).as("syncIds listed twice by the full pull").isEmpty();
            for (Device d : devices) {
                Map<String, Doc> local = new TreeMap<>();
                for (LocalDocument doc : d.client.documents()) {
                    local.put(doc.syncId().toString(), Doc.of(doc));
                }
                Map<String, Tomb> tombs = new TreeMap<>();
                for (LocalTombstone t : d.client.tombstones()) {
                    tombs.put(t.syncId().toString(), new Tomb(t.deletedAt(), t.deletedBy(), t.reason()));
                }
                assertThat(local).as("%s's documents against the server's full pull", d.name).isEqualTo(server.live);
                assertThat(tombs).as("%s's tombstones against the server's", d.name).isEqualTo(server.tombstones);
                assertThat(d.client.queue()).as("%s's queue", d.name).isEmpty();
                for (LocalDocument doc : d.client.documents()) {
                    for (Attachment a : doc.attachments()) {
                        Path file = d.client.attachmentFile(doc.syncId(), a.fileName()).orElseThrow(
                                () -> new AssertionError(d.name + " lacks " + a.fileName() + " of " + doc.syncId()));
                        assertThat(AttachmentChecksum.sha256(sha256(file))).as("%s's copy of %s", d.name, a.fileName())
                                .isEqualTo(a.checksum());
                    }
                }
            }
            assertThat(server.live.keySet()).as("live and deleted at once").doesNotContainAnyElementsOf(
                    server.tombstones.keySet());
            List<SettledOperation> settled = new ArrayList<>();
            devices.forEach(d -> settled.addAll(d.client.settled()));
            Set<String> known = new HashSet<>(server.live.keySet());
            known.addAll(server.tombstones.keySet());
            Set<String> origins = created.stream().map(SyncId::toString).collect(Collectors.toSet());
            settled.stream().filter(s -> s.conflictCopy() != null)
                    .forEach(s -> origins.add(s.conflictCopy().toString()));
            assertThat(origins).as("every syncId on the server was created by a device or reported as a conflict copy")
                    .containsAll(known);

            assertNoAcceptedEditLost(settled, server);
            assertNoDeletionUndone(settled, server);
            assertThat(settled).as("the concurrent edit of one document became a conflict")
                    .anyMatch(s -> s.outcome() == Outcome.CONFLICT_RESOLVED);
        }

        /**
         * Every CREATE/UPDATE that was applied is the title of a live document (an original or a conflict copy), or an
         * ancestor of an edit or deletion that was not rejected: the state that edit was made on, or the state that one
         * was made on, and so on (local folding sends only the last of a run of edits). Nothing was overwritten unseen.
         */
        void assertNoAcceptedEditLost(List<SettledOperation> settled, Server server) {
            Set<String> liveTitles = server.live.values().stream().map(d -> d.title).collect(Collectors.toSet());
            Set<String> ancestors = new HashSet<>();
            for (SettledOperation op : settled) {
                if (op.outcome() == Outcome.REJECTED) {
                    continue;
                }
                String parent = op.type() == OperationType.DELETE
                        ? deleteParents.get(op.opId())
                        : parentOf.get(op.document().title());
                while (parent != null && ancestors.add(parent)) {
                    parent = parentOf.get(parent);
                }
            }
            List<String> lost = new ArrayList<>();
            for (SettledOperation op : settled) {
                if (op.type() != OperationType.DELETE && op.outcome() != Outcome.REJECTED) {
                    String title = op.document().title();
                    if (!liveTitles.contains(title) && !ancestors.contains(title)) {
                        lost.add(title + " (" + op.type() + " " + op.outcome() + " v" + op.version() + ")");
                    }
                }
            }
            assertThat(lost).as("accepted edits neither current, nor in a copy, nor below a later edit").isEmpty();
        }

        /** Every applied deletion is a tombstone on the server and on no device a live document. */
        void assertNoDeletionUndone(List<SettledOperation> settled, Server server) {
            Set<String> deleted = settled.stream()
                    .filter(s -> s.type() == OperationType.DELETE
                            && (s.outcome() == Outcome.DELETED || s.outcome() == Outcome.CONFLICT_RESOLVED))
                    .map(s -> s.syncId().toString()).collect(Collectors.toSet());
            assertThat(server.tombstones.keySet()).containsAll(deleted);
            for (Device d : devices) {
                assertThat(d.client.documents()).extracting(doc -> doc.syncId().toString())
                        .as("%s shows a deleted document", d.name).doesNotContainAnyElementsOf(deleted);
            }
        }

        void report(Instant began, Server server) {
            Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
            devices.forEach(d -> d.client.settled().forEach(s -> outcomes.merge(s.outcome(), 1, Integer::sum)));
            long copies = server.live.values().stream().filter(d -> d.conflictOf != null).count();
            System.out.printf("CONVERGENCE seed=%d edits=%d syncs=%d outcomes=%s live=%d tombstones=%d "
                    + "conflictCopies=%d in %d s%n", Seeds.BASE, OPERATIONS, syncs, outcomes, server.live.size(),
                    server.tombstones.size(), copies, Duration.between(began, Instant.now()).toSeconds());
        }
    }

    /** One device of a {@link Run}: its client on its own SQLite file, and whether it is offline for a while. */
    private static final class Device {

        final Run run;
        final String name;
        final SyncClient client;
        final Set<SyncId> everDeleted = new HashSet<>();
        int offlineFor;

        Device(Run run, String name) {
            this.run = run;
            this.name = name;
            this.client = SyncClient.open(run.dir.resolve(name + ".db"), ClientOptions.of(run.userId, name),
                    api(run.userId));
        }

        SyncReport sync() {
            SyncReport report = client.sync();
            run.syncs++;
            client.tombstones().forEach(t -> everDeleted.add(t.syncId()));
            List<SyncId> back = client.documents().stream().map(LocalDocument::syncId)
                    .filter(everDeleted::contains).toList();
            assertThat(back).as("%s shows documents it had as deleted", name).isEmpty();
            return report;
        }

        SyncId create() {
            String title = title();
            SyncId id = client.create(title, "cat-" + run.random.nextInt(5), fields(null));
            run.created.add(id);
            return id;
        }

        void update(SyncId id) {
            LocalDocument doc = client.document(id).orElseThrow();
            String title = title();
            run.parentOf.put(title, doc.title());
            client.edit(id, title, doc.category(), fields(doc.title()));
        }

        void randomEdit() {
            List<LocalDocument> docs = client.documents();
            double q = run.random.nextDouble();
            if (docs.isEmpty() || q < 0.22) {
                create();
                return;
            }
            // Half of the edits go to the same few documents on every device: concurrent edits of one document.
            docs.sort(Comparator.comparing(d -> d.syncId().toString()));
            LocalDocument doc = run.random.nextBoolean()
                    ? docs.get(run.random.nextInt(Math.min(4, docs.size())))
                    : docs.get(run.random.nextInt(docs.size()));
            if (q < 0.80) {
                update(doc.syncId());
            } else if (q < 0.86) {
                attach(doc);
            } else {
                String opId = client.delete(doc.syncId());
                run.deleteParents.put(opId, doc.title());
            }
        }

        void attach(LocalDocument doc) {
            byte[] bytes = new byte[16 + run.random.nextInt(2048)];
            run.random.nextBytes(bytes);
            Path file = run.dir.resolve("uploads/f" + (++run.counter) + ".bin");
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            client.attach(doc.syncId(), file, "application/octet-stream", null);
            update(doc.syncId());
        }

        String title() {
            return "e" + (++run.counter) + "@" + name;
        }

        Map<String, Object> fields(String parent) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("device", name);
            fields.put("n", run.counter);
            if (parent != null) {
                fields.put("parent", parent);
            }
            return fields;
        }
    }

    // ---- isolation

    void isolation(Random random, Path dir) {
        Run alice = new Run("iso-alice", random, dir.resolve("alice"));
        Run bob = new Run("iso-bob", random, dir.resolve("bob"));
        try {
            for (int i = 0; i < 4; i++) {
                alice.randomEdits(15);
                bob.randomEdits(15);
            }
            alice.syncUntilQuiet();
            bob.syncUntilQuiet();

            Set<String> alices = ids(alice);
            Set<String> bobs = ids(bob);
            assertThat(alices).isNotEmpty().doesNotContainAnyElementsOf(bobs);
            for (Device d : bob.devices) {
                assertThat(localIds(d)).as("bob's %s", d.name).isNotEmpty().doesNotContainAnyElementsOf(alices);
            }
            for (Device d : alice.devices) {
                assertThat(localIds(d)).as("alice's %s", d.name).isNotEmpty().doesNotContainAnyElementsOf(bobs);
            }
            Server bobsView = Server.of(api(bob.userId));
            assertThat(bobsView.live.keySet()).doesNotContainAnyElementsOf(alices);
            assertThat(bobsView.tombstones.keySet()).doesNotContainAnyElementsOf(alices);

            // Bob names one of Alice's live documents: reading it, its attachments and writing it reveal nothing.
            Device first = alice.devices.get(0);
            if (first.client.documents().isEmpty()) {
                first.create();
                alice.syncUntilQuiet();
            }
            LocalDocument target = first.client.documents().get(0);
            DeviceApi bobsApi = api(bob.userId);
            assertThat(bobsApi.document(target.syncId())).isInstanceOf(DocumentLookup.Missing.class);
            QueuedOperation steal = new QueuedOperation(0, UUID.randomUUID().toString(), target.syncId(),
                    OperationType.UPDATE, target.version(), Instant.now(),
                    new DocumentContent("mine now", "theft", Map.of(), List.of()), null, QueueState.QUEUED);
            PushResult pushed = bobsApi.push("bob-laptop", List.of(steal)).get(0);
            Device mallory = bob.devices.get(0);
            // Refused at once (the gateway's ownership precheck) or by the writer: NOT_FOUND either way.
            String outcome = pushed.accepted()
                    ? awaitOutcome(bobsApi, steal.opId())
                    : pushed.status() + " " + pushed.error().code();
            assertThat(outcome).isEqualTo("REJECTED NOT_FOUND");
            DocumentLookup after = api(alice.userId).document(target.syncId());
            assertThat(after).isInstanceOfSatisfying(DocumentLookup.Live.class,
                    live -> assertThat(live.document().title()).isEqualTo(target.title()));
            assertThat(localIds(mallory)).doesNotContain(target.syncId().toString());
        } finally {
            alice.devices.forEach(d -> d.client.close());
            bob.devices.forEach(d -> d.client.close());
        }
    }

    private static String awaitOutcome(DeviceApi api, String opId) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            var status = api.outcomes(List.of(opId)).get(0);
            if (!status.pending()) {
                return status.status() + (status.errorCode() == null ? "" : " " + status.errorCode());
            }
            SyncSystem.sleep(200);
        }
        throw new AssertionError("no outcome for " + opId + " within 60 s");
    }

    private static Set<String> ids(Run run) {
        Set<String> ids = run.created.stream().map(SyncId::toString).collect(Collectors.toSet());
        run.devices.forEach(d -> ids.addAll(localIds(d)));
        return ids;
    }

    private static Set<String> localIds(Device d) {
        Set<String> ids = d.client.documents().stream().map(doc -> doc.syncId().toString())
                .collect(Collectors.toSet());
        d.client.tombstones().forEach(t -> ids.add(t.syncId().toString()));
        return ids;
    }

    // ---- the server's side

    private static DeviceApi api(String userId) {
        return new DeviceApi(system.uri("sync-gateway", "/"), () -> system.token(userId), Duration.ofSeconds(30));
    }

    /** A document as both sides show it, bookkeeping included. */
    private record Doc(long version, String title, String category, JsonNode fields, List<Attachment> attachments,
            String contentHash, String conflictOf, String legacyId, Instant createdAt, Instant lastModified) {

        static Doc of(LocalDocument d) {
            return new Doc(d.version(), d.title(), d.category(), EventJson.mapper().valueToTree(d.fields()),
                    d.attachments(), d.contentHash(), d.conflictOf() == null ? null : d.conflictOf().toString(),
                    d.legacyId(), d.createdAt(), d.lastModified());
        }

        static Doc of(RemoteDocument d) {
            List<Attachment> attachments = d.attachments() == null
                    ? List.of()
                    : d.attachments().stream().map(a -> a.withS3Key(null)).toList();
            return new Doc(d.version(), d.title(), d.category(), EventJson.mapper().valueToTree(d.fields()),
                    attachments, d.contentHash(), d.conflictOf(), d.legacyId(), d.createdAt(), d.lastModified());
        }
    }

    /** A tombstone as both sides show it. */
    private record Tomb(Instant deletedAt, String deletedBy, String reason) {
    }

    /** The server's full pull of one user: live documents, tombstones, and syncIds it listed twice. */
    private record Server(Map<String, Doc> live, Map<String, Tomb> tombstones, List<String> duplicates) {

        static Server of(DeviceApi api) {
            Map<String, Doc> live = new TreeMap<>();
            Map<String, Tomb> tombstones = new TreeMap<>();
            List<String> duplicates = new ArrayList<>();
            String cursor = null;
            do {
                PullPage page = api.pull(cursor, 1000);
                for (RemoteDocument d : page.documents()) {
                    boolean fresh = d.deleted()
                            ? tombstones.put(d.syncId(),
                                    new Tomb(d.deletedAt(), d.deletedBy(), d.deleteReason())) == null
                            : live.put(d.syncId(), Doc.of(d)) == null;
                    if (!fresh || live.containsKey(d.syncId()) && tombstones.containsKey(d.syncId())) {
                        duplicates.add(d.syncId());
                    }
                }
                cursor = page.nextCursor();
                if (!page.hasMore()) {
                    break;
                }
            } while (true);
            return new Server(live, tombstones, duplicates);
        }
    }

    private static byte[] sha256(Path file) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
