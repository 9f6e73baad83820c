package io.syncid.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import io.syncid.client.api.ApiException;
import io.syncid.client.api.DeviceApi;
import io.syncid.client.api.DocumentLookup;
import io.syncid.client.api.LegacyMatch;
import io.syncid.client.api.OperationStatus;
import io.syncid.client.api.Presigned;
import io.syncid.client.api.PullPage;
import io.syncid.client.api.PushResult;
import io.syncid.client.api.RemoteDocument;
import io.syncid.client.api.ResyncRequiredException;
import io.syncid.client.api.TransientApiException;
import io.syncid.client.queue.LocalEdit;
import io.syncid.client.queue.QueueFolding;
import io.syncid.client.queue.QueueState;
import io.syncid.client.queue.QueuedOperation;
import io.syncid.client.store.AttachmentFile;
import io.syncid.client.store.LegacyDatabase;
import io.syncid.client.store.LegacySchema;
import io.syncid.client.store.LocalStore;
import io.syncid.model.Attachment;
import io.syncid.model.AttachmentChecksum;
import io.syncid.model.DocumentContent;
import io.syncid.model.EventJson;
import io.syncid.model.FileNames;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;

/**
 * The reference device client: a local SQLite database ({@link LocalStore}) that the user edits offline, and the sync
 * that reconciles it with the platform (SPEC §4, §6, §7). Local edits change the database at once and go to the offline
 * queue, folded per SPEC §6 while unsent. A {@link #sync() sync round} uploads new attachment files, flushes the queue
 * in batches (an unanswered batch, after a 503, a timeout or a crash, is sent again with the same opIds), settles sent
 * entries from {@code GET /v1/operations}, reads back documents whose outcome was not a plain apply (conflict copies
 * adopted), pulls changes by cursor (a full pull on RESYNC_REQUIRED) and downloads attachment files, checking their
 * checksums.
 *
 * <p>
 * The rule that keeps edits from being lost on the device: while a document has queue entries, pulled states do not
 * overwrite it (the entries' baseVersion says what the edits were based on, and the writer decides); once its last
 * entry settles, the document is read again when anything but its own write happened meanwhile.
 *
 * <p>
 * One instance per database; its methods are synchronized.
 */
public final class SyncClient implements AutoCloseable {

    private static final String USER_KEY = "user_id";
    private static final String DEVICE_KEY = "device_id";
    private static final String CURSOR_KEY = "cursor";
    private static final String USER_REASON = "user";

    private final LocalStore store;
    private final DeviceApi api;
    private final ClientOptions options;
    private final Path files;

    private SyncClient(LocalStore store, DeviceApi api, ClientOptions options, Path files) {
        this.store = store;
        this.api = api;
        this.options = options;
        this.files = files;
    }

    /**
     * Opens the device database at {@code database} (created when missing); attachment files live in
     * {@code <database>.files/}. A database belongs to one user: opening it for another is refused.
     */
    public static SyncClient open(Path database, ClientOptions options, DeviceApi api) {
        LocalStore store = LocalStore.open(database);
        try {
            String owner = store.state(USER_KEY).orElse(null);
            if (owner != null && !owner.equals(options.userId())) {
                throw new IllegalStateException("database " + database + " belongs to user " + owner + ", not "
                        + options.userId());
            }
            store.putState(USER_KEY, options.userId());
            store.putState(DEVICE_KEY, options.deviceId());
            Path files = database.toAbsolutePath().resolveSibling(database.getFileName() + ".files");
            return new SyncClient(store, api, options, files);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public ClientOptions options() {
        return options;
    }

    // ---- local edits

    /** Creates a document with a fresh syncId (SecureRandom UUID v4) and queues its CREATE. */
    public synchronized SyncId create(String title, String category, Map<String, Object> fields) {
        DocumentContent content = valid(new DocumentContent(title, category, fields, List.of()));
        SyncId syncId = SyncId.random();
        Instant now = options.clock().instant();
        store.transaction(() -> {
            store.saveDocument(syncId, options.userId(), content, now, now, 0, null, null);
            enqueue(new LocalEdit(syncId, OperationType.CREATE, content, now, null), 0);
            return null;
        });
        return syncId;
    }

    /**
     * Replaces a document's title, category and fields (attachments stay) and queues the UPDATE.
     *
     * @return the opId of the queue entry that carries the edit (an unsent one it folded into, or a new one)
     */
    public synchronized String edit(SyncId syncId, String title, String category, Map<String, Object> fields) {
        LocalDocument doc = live(syncId);
        DocumentContent content = valid(new DocumentContent(title, category, fields, doc.attachments()));
        return update(doc, content);
    }

    /**
     * Attaches a copy of {@code file} (replacing an attachment of the same name): its size and SHA-256 go into the
     * document's metadata, and the bytes are uploaded by the next sync before the UPDATE that names them is pushed.
     */
    public synchronized String attach(SyncId syncId, Path file, String contentType, String label) {
        LocalDocument doc = live(syncId);
        String fileName = file.getFileName().toString();
        String problem = FileNames.problem(fileName);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            String relative = syncId + "/" + fileName;
            Path target = files.resolve(relative);
            Files.createDirectories(target.getParent());
            Files.write(target, bytes);
            // The gateway signs an upload for a declared type and size: a file always has a type.
            String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
            Attachment added = new Attachment(fileName, type, (long) bytes.length, sha256(bytes), label, null);
            List<Attachment> attachments = new ArrayList<>(doc.attachments());
            attachments.removeIf(a -> a.fileName().equals(fileName));
            attachments.add(added);
            DocumentContent content = valid(new DocumentContent(doc.title(), doc.category(), doc.fields(),
                    attachments));
            return store.transaction(() -> {
                String opId = update(doc, content);
                List<AttachmentFile> rows = new ArrayList<>();
                for (AttachmentFile row : store.attachments(syncId)) {
                    if (!row.attachment().fileName().equals(fileName)) {
                        rows.add(row);
                    }
                }
                rows.add(new AttachmentFile(syncId, rows.size(), added, relative, AttachmentFile.Transfer.UPLOAD));
                store.replaceAttachments(syncId, rows);
                return opId;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The bytes of an attachment the device holds (uploaded by it or downloaded and checked). */
    public synchronized Optional<Path> attachmentFile(SyncId syncId, String fileName) {
        return store.attachments(syncId).stream()
                .filter(a -> a.attachment().fileName().equals(fileName) && a.localPath() != null
                        && a.transfer() != AttachmentFile.Transfer.DOWNLOAD)
                .map(a -> files.resolve(a.localPath()))
                .findFirst();
    }

    /**
     * Deletes a document: it leaves the local database at once for a tombstone, and the DELETE is queued.
     *
     * @return the opId of the queue entry that carries the deletion
     */
    public synchronized String delete(SyncId syncId) {
        LocalDocument doc = live(syncId);
        Instant now = options.clock().instant();
        return store.transaction(() -> {
            String opId = enqueue(new LocalEdit(syncId, OperationType.DELETE, null, now, USER_REASON), doc.version());
            store.deleteDocument(syncId);
            store.saveTombstone(new LocalTombstone(syncId, options.userId(), now, options.deviceId(), USER_REASON));
            deleteFiles(syncId);
            return opId;
        });
    }

    private String update(LocalDocument doc, DocumentContent content) {
        Instant now = options.clock().instant();
        return store.transaction(() -> {
            store.saveDocument(doc.syncId(), doc.userId(), content, doc.createdAt(), now, doc.version(),
                    doc.conflictOf(), doc.legacyId());
            return enqueue(new LocalEdit(doc.syncId(), OperationType.UPDATE, content, now, null), doc.version());
        });
    }

    /** Folds the edit into the queue (SPEC §6 on the device); returns the carrying entry's opId. */
    private String enqueue(LocalEdit edit, long localVersion) {
        QueueFolding.Fold fold = QueueFolding.fold(store.lastQueued(edit.syncId()), edit,
                UUID.randomUUID().toString(), localVersion);
        if (fold instanceof QueueFolding.Replace replace) {
            store.replaceUnsent(replace.operation());
        } else {
            store.append(fold.operation());
        }
        return fold.operation().opId();
    }

    private LocalDocument live(SyncId syncId) {
        Objects.requireNonNull(syncId, "syncId");
        if (store.tombstone(syncId).isPresent()) {
            throw new IllegalStateException("document " + syncId + " is deleted");
        }
        return store.document(syncId).orElseThrow(() -> new NoSuchElementException("no document " + syncId));
    }

    /** The limits of SPEC §4, checked before anything is queued: the gateway would reject the operation. */
    static DocumentContent valid(DocumentContent content) {
        within("title", content.title(), DocumentContent.MAX_TITLE);
        within("category", content.category(), DocumentContent.MAX_CATEGORY);
        if (EventJson.write(content.fields()).length > DocumentContent.MAX_FIELDS_BYTES) {
            throw new IllegalArgumentException("fields exceed " + DocumentContent.MAX_FIELDS_BYTES + " bytes");
        }
        if (content.attachments().size() > DocumentContent.MAX_ATTACHMENTS) {
            throw new IllegalArgumentException("at most " + DocumentContent.MAX_ATTACHMENTS + " attachments");
        }
        return content;
    }

    private static void within(String name, String value, int max) {
        int length = value == null ? 0 : value.codePointCount(0, value.length());
        if (length < 1 || length > max) {
            throw new IllegalArgumentException(name + " must be 1 to " + max + " characters");
        }
    }

    // ---- migration of a legacy local database

    /**
     * Moves the documents of the old app's local database ({@link LegacySchema}) into this one, each under the syncId
     * the platform knows it by, so nothing is uploaded twice (issue #13). A row with a legacy id adopts the syncId the
     * cloud migration gave it ({@code GET /v1/legacy/{legacyId}}; 404: never synced). A row without one adopts the
     * user's document with its content ({@code GET /v1/legacy/matches}) when one candidate alone matches title, category and
     * createdAt.
     * Adopted documents get the legacy content and attachment files now and are read back from the server by the next
     * sync; the others get a new syncId and a queued CREATE, their files queued for upload. Rows deleted in the old app
     * are skipped.
     *
     * <p>
     * Run it after the cloud migration of the user's legacy documents: before it, a synced row's legacy id is unknown
     * and the row would be created again. Idempotent: every migrated row is recorded ({@code legacy_migrations}) in the
     * transaction that adopts or creates its document, so a second run (or one after a crash or a 503) migrates only
     * what the first did not, and a syncId is adopted by one legacy row at most. Network failures end the run with
     * {@link io.syncid.client.api.TransientApiException}; run it again.
     */
    public synchronized LocalMigrationReport migrateLocal(Path legacyDb) {
        Migration run = new Migration();
        for (LegacyDatabase.Row row : LegacyDatabase.read(legacyDb)) {
            if (store.legacyMigration(row.id()).isPresent()) {
                run.alreadyMigrated++;
                continue;
            }
            if (row.deleted()) {
                store.recordLegacyMigration(row.id(), null, LocalStore.LegacyMigration.DELETED,
                        options.clock().instant());
                run.skippedDeleted++;
                continue;
            }
            DocumentContent content;
            Instant createdAt;
            try {
                content = valid(new DocumentContent(row.title(), row.category(), legacyFields(row.fieldsJson()),
                        List.of()));
                createdAt = legacyInstant(row.createdAt());
            } catch (IllegalArgumentException e) {
                run.failures.add("local id " + row.id() + ": " + e.getMessage());
                continue;
            }
            try {
                migrate(row, content, createdAt, run);
            } catch (TransientApiException e) {
                throw e;
            } catch (ApiException | IllegalArgumentException e) {
                // This row waits for a later run; the others go on.
                run.failures.add("local id " + row.id() + ": " + e.getMessage());
            }
        }
        return new LocalMigrationReport(run.byLegacyId, run.byMatch, run.created, run.skippedDeleted,
                run.alreadyMigrated, run.missingFiles, run.failures);
    }

    /** Counters of one {@link #migrateLocal} run. */
    private static final class Migration {
        int byLegacyId;
        int byMatch;
        int created;
        int skippedDeleted;
        int alreadyMigrated;
        final List<String> missingFiles = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
    }

    private void migrate(LegacyDatabase.Row row, DocumentContent content, Instant createdAt, Migration run) {
        LocalStore.LegacyMigration how = null;
        SyncId syncId = null;
        String legacyId = row.legacyId() == null || row.legacyId().isBlank() ? null : row.legacyId();
        if (legacyId != null) {
            syncId = api.legacySyncId(legacyId).map(SyncId::parse).filter(id -> !store.legacyClaimed(id))
                    .orElse(null);
            how = syncId == null ? null : LocalStore.LegacyMigration.LEGACY_ID;
        } else {
            List<LegacyMatch> candidates = api.legacyMatches(content.title(), content.category(), createdAt);
            // Only an unambiguous best that matches every field the row has is adopted (title, category and, when
            // known, createdAt: a title and category alone are too common to be sure, and an adopted document takes
            // the server's content); two equally good candidates are left alone rather than guessed, and a best one
            // another legacy row adopted already (a local twin) is not claimed twice.
            int fullScore = createdAt == null ? 2 : 3;
            if (!candidates.isEmpty() && candidates.get(0).score() >= fullScore
                    && (candidates.size() == 1 || candidates.get(0).score() > candidates.get(1).score())
                    && !store.legacyClaimed(SyncId.parse(candidates.get(0).syncId()))) {
                syncId = SyncId.parse(candidates.get(0).syncId());
                legacyId = candidates.get(0).legacyId();
                how = LocalStore.LegacyMigration.MATCH;
            }
        }
        boolean adopted = syncId != null;
        SyncId target = adopted ? syncId : SyncId.random();
        // An adopted document the device already holds (pulled before the migration), or whose tombstone it holds,
        // keeps the server's state: the legacy row only records which syncId it became.
        boolean insert = !adopted || store.document(target).isEmpty() && store.tombstone(target).isEmpty();
        List<AttachmentFile> rows = insert ? legacyFiles(row, target, adopted, run) : List.of();
        Instant now = options.clock().instant();
        String keptLegacyId = legacyId;
        LocalStore.LegacyMigration recorded = adopted ? how : LocalStore.LegacyMigration.NEW;
        store.transaction(() -> {
            if (!adopted) {
                List<Attachment> attachments = rows.stream().map(AttachmentFile::attachment).toList();
                DocumentContent withFiles = new DocumentContent(content.title(), content.category(),
                        content.fields(), attachments);
                store.saveDocument(target, options.userId(), withFiles, createdAt, now, 0, null, keptLegacyId);
                store.replaceAttachments(target, rows);
                enqueue(new LocalEdit(target, OperationType.CREATE, withFiles, now, null), 0);
            } else if (insert) {
                store.saveDocument(target, options.userId(), content, createdAt, now, 0, null, keptLegacyId);
                store.replaceAttachments(target, rows);
                // The server's state (version, attachments, later edits) replaces the legacy content on the next sync.
                store.markForRefresh(target);
            }
            store.recordLegacyMigration(row.id(), target, recorded, now);
            return null;
        });
        switch (recorded) {
            case LEGACY_ID -> run.byLegacyId++;
            case MATCH -> run.byMatch++;
            default -> run.created++;
        }
    }

    /**
     * Copies the legacy row's attachment files under {@code syncId} with their size and SHA-256: to be uploaded for a
     * new document, or as bytes the device already holds for an adopted one (kept when the server's checksum agrees,
     * downloaded otherwise). A file that is gone or has a name the platform refuses is reported and left out.
     */
    private List<AttachmentFile> legacyFiles(LegacyDatabase.Row row, SyncId syncId, boolean adopted, Migration run) {
        Map<String, AttachmentFile> byName = new LinkedHashMap<>();
        for (LegacyDatabase.File file : row.attachments()) {
            String problem = FileNames.problem(file.fileName());
            if (problem != null || file.localPath() == null || !Files.isRegularFile(file.localPath())) {
                run.missingFiles.add("local id " + row.id() + " " + file.fileName() + ": "
                        + (problem != null ? problem : "no file at " + file.localPath()));
                continue;
            }
            try {
                byte[] bytes = Files.readAllBytes(file.localPath());
                String relative = syncId + "/" + file.fileName();
                Path target = files.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
                String type = Optional.ofNullable(Files.probeContentType(file.localPath()))
                        .orElse("application/octet-stream");
                Attachment meta = new Attachment(file.fileName(), type, (long) bytes.length, sha256(bytes), null,
                        null);
                byName.remove(file.fileName());
                byName.put(file.fileName(), new AttachmentFile(syncId, 0, meta, relative,
                        adopted ? AttachmentFile.Transfer.DONE : AttachmentFile.Transfer.UPLOAD));
            } catch (IOException e) {
                run.missingFiles.add("local id " + row.id() + " " + file.fileName() + ": " + e.getMessage());
            }
        }
        if (byName.size() > DocumentContent.MAX_ATTACHMENTS) {
            throw new IllegalArgumentException("local id " + row.id() + " has more than "
                    + DocumentContent.MAX_ATTACHMENTS + " attachments");
        }
        return List.copyOf(byName.values());
    }

    private static Map<String, Object> legacyFields(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Object value = EventJson.mapper().readValue(json, Object.class);
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> fields = new LinkedHashMap<>();
                map.forEach((k, v) -> fields.put(String.valueOf(k), v));
                return fields;
            }
        } catch (IOException e) {
            // reported below like any other non-object
        }
        throw new IllegalArgumentException("fields_json is not a JSON object");
    }

    /** An ISO-8601 instant or integer epoch milliseconds, as the old app stored them; null stays null. */
    private static Instant legacyInstant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.chars().allMatch(Character::isDigit)
                    ? Instant.ofEpochMilli(Long.parseLong(text))
                    : Instant.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("created_at is neither an ISO-8601 instant nor epoch milliseconds: "
                    + text);
        }
    }

    // ---- reading

    public synchronized Optional<LocalDocument> document(SyncId syncId) {
        return store.document(syncId);
    }

    public synchronized List<LocalDocument> documents() {
        return store.documents();
    }

    public synchronized List<LocalTombstone> tombstones() {
        return store.tombstones();
    }

    public synchronized List<QueuedOperation> queue() {
        return store.queue();
    }

    /** Every settled queue entry with its outcome, oldest first. */
    public synchronized List<SettledOperation> settled() {
        return store.settled();
    }

    /** The local state at a glance, for {@code syncctl status}. */
    public record Status(String userId, String deviceId, int documents, int tombstones, Map<QueueState, Integer> queue,
            int toRefresh, int uploadsWaiting, int downloadsWaiting, boolean hasCursor) {
    }

    public synchronized Status status() {
        return new Status(options.userId(), options.deviceId(), store.documents().size(), store.tombstones().size(),
                store.queueCounts(), store.refreshCount(),
                store.attachmentsAwaiting(AttachmentFile.Transfer.UPLOAD).size(),
                store.attachmentsAwaiting(AttachmentFile.Transfer.DOWNLOAD).size(),
                store.state(CURSOR_KEY).isPresent());
    }

    // ---- sync

    /** Progress of a sync round, for a progress bar: {@code phase} and how far it is. */
    @FunctionalInterface
    public interface Progress {
        void update(String phase, int done, int total);

        Progress NONE = (phase, done, total) -> {
        };
    }

    /** One sync round without progress output. */
    public SyncReport sync() {
        return sync(Progress.NONE);
    }

    /**
     * One sync round: upload, flush, settle, read back, pull, download. A transient failure (503, timeout, broken
     * connection) ends the round early with the queue intact; the next round goes on from there.
     */
    public synchronized SyncReport sync(Progress progress) {
        Round round = new Round();
        try {
            upload(round, progress);
            flush(round, progress);
            settle(round, progress);
            refresh(round, progress);
            pull(round, progress);
            refresh(round, progress);
            download(round, progress);
        } catch (TransientApiException e) {
            round.interruption = e.getMessage();
        }
        Map<QueueState, Integer> counts = store.queueCounts();
        int pending = counts.values().stream().mapToInt(Integer::intValue).sum() + store.refreshCount();
        return new SyncReport(round.uploaded, round.failedUploads, round.pushed, round.accepted, round.rejected,
                Map.copyOf(round.settled),
                round.copies, round.refreshed, round.pulled, round.fullPull, round.downloaded, round.failedDownloads,
                pending, round.interruption);
    }

    /** Counters of one round. */
    private static final class Round {
        int uploaded;
        int failedUploads;
        int pushed;
        int accepted;
        int rejected;
        final Map<Outcome, Integer> settled = new EnumMap<>(Outcome.class);
        int copies;
        int refreshed;
        int pulled;
        boolean fullPull;
        int downloaded;
        int failedDownloads;
        String interruption;
    }

    /** Attachment files added on this device, uploaded before the operations that name them are pushed. */
    private void upload(Round round, Progress progress) {
        List<AttachmentFile> waiting = store.attachmentsAwaiting(AttachmentFile.Transfer.UPLOAD);
        for (int i = 0; i < waiting.size(); i++) {
            progress.update("upload", i, waiting.size());
            AttachmentFile file = waiting.get(i);
            Attachment a = file.attachment();
            try {
                byte[] bytes = Files.readAllBytes(files.resolve(file.localPath()));
                Presigned url = api.uploadUrl(file.documentSyncId(), a.fileName(), a.contentType(), bytes.length);
                api.upload(url, bytes, a.contentType());
                round.uploaded++;
            } catch (TransientApiException e) {
                throw e;
            } catch (ApiException e) {
                if (e.status() != 404 && e.status() != 410) {
                    // Left for the next round; the queue is not held up (the writer reports the missing object).
                    round.failedUploads++;
                    continue;
                }
                // 404/410: the document is another user's or deleted; its operation settles as rejected anyway.
            } catch (IOException e) {
                // The local copy is gone: nothing to upload; the writer reports the missing object.
            }
            store.markTransferred(file.documentSyncId(), a.fileName(), file.localPath());
        }
        progress.update("upload", waiting.size(), waiting.size());
    }

    /**
     * Sends the queue in batches. A batch is marked SENDING (committed) before it goes out, so whatever happens to the
     * request (503, timeout, a crash of the device) the next flush sends exactly that batch again, same opIds, before
     * anything newer.
     */
    private void flush(Round round, Progress progress) {
        List<QueuedOperation> unanswered = store.queued(QueueState.SENDING, Integer.MAX_VALUE);
        if (!unanswered.isEmpty()) {
            send(unanswered, round);
        }
        int total = store.queueCounts().get(QueueState.QUEUED);
        int done = 0;
        while (true) {
            progress.update("push", done, total);
            List<QueuedOperation> batch = batch(store.queued(QueueState.QUEUED, options.batchSize()));
            if (batch.isEmpty()) {
                return;
            }
            store.setState(batch, QueueState.SENDING);
            send(batch, round);
            done += batch.size();
        }
    }

    /** The longest prefix of {@code candidates} whose operations fit the body budget (at least one). */
    private List<QueuedOperation> batch(List<QueuedOperation> candidates) {
        int bytes = 0;
        List<QueuedOperation> batch = new ArrayList<>(candidates.size());
        for (QueuedOperation op : candidates) {
            bytes += EventJson.write(DeviceApi.wire(op)).length + 1;
            if (!batch.isEmpty() && bytes > options.maxBatchBytes()) {
                break;
            }
            batch.add(op);
        }
        return batch;
    }

    private void send(List<QueuedOperation> batch, Round round) {
        round.pushed += batch.size();
        List<PushResult> results = api.push(options.deviceId(), batch);
        Instant now = options.clock().instant();
        store.transaction(() -> {
            List<QueuedOperation> accepted = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                QueuedOperation op = batch.get(i);
                PushResult result = results.get(i);
                if (result.accepted()) {
                    accepted.add(op);
                    round.accepted++;
                } else {
                    // Stored nowhere: the local state goes back to what the server has.
                    round.rejected++;
                    String code = result.error() == null ? "UNKNOWN" : result.error().code();
                    store.settle(op, Outcome.REJECTED, null, null, code, now);
                    count(round, Outcome.REJECTED);
                    store.markForRefresh(op.syncId());
                }
            }
            store.setState(accepted, QueueState.ACCEPTED);
            return null;
        });
    }

    /** Asks for the outcomes of accepted entries, 100 opIds per request, and settles those that have one. */
    private void settle(Round round, Progress progress) {
        List<QueuedOperation> waiting = store.queued(QueueState.ACCEPTED, Integer.MAX_VALUE);
        for (int from = 0; from < waiting.size(); from += DeviceApi.MAX_OUTCOME_IDS) {
            progress.update("settle", from, waiting.size());
            List<QueuedOperation> chunk = waiting.subList(from,
                    Math.min(waiting.size(), from + DeviceApi.MAX_OUTCOME_IDS));
            Map<String, OperationStatus> statuses = new LinkedHashMap<>();
            for (OperationStatus s : api.outcomes(chunk.stream().map(QueuedOperation::opId).toList())) {
                statuses.put(s.opId(), s);
            }
            Instant now = options.clock().instant();
            store.transaction(() -> {
                for (QueuedOperation op : chunk) {
                    OperationStatus status = statuses.get(op.opId());
                    if (status != null && !status.pending()) {
                        settle(op, status, now, round);
                    }
                }
                return null;
            });
        }
        progress.update("settle", waiting.size(), waiting.size());
    }

    private void settle(QueuedOperation op, OperationStatus status, Instant now, Round round) {
        SyncId copy = status.conflictCopySyncId() == null ? null : SyncId.parse(status.conflictCopySyncId());
        store.settle(op, status.status(), status.version(), copy, status.errorCode(), now);
        count(round, status.status());
        switch (status.status()) {
            case APPLIED -> {
                if (status.version() != null) {
                    store.raiseVersion(op.syncId(), status.version());
                }
            }
            case DELETED -> {
                // the tombstone is already local; the pull brings the server's deletedAt
            }
            case CONFLICT_RESOLVED -> {
                // Which side won is the server's to say: read the original again, and adopt the copy.
                store.markForRefresh(op.syncId());
                if (copy != null) {
                    store.markForRefresh(copy);
                }
            }
            case REJECTED -> {
                if ("SYNC_ID_UNAVAILABLE".equals(status.errorCode()) && op.type() == OperationType.CREATE) {
                    rekey(op.syncId());
                } else {
                    store.markForRefresh(op.syncId());
                }
            }
            default -> store.markForRefresh(op.syncId());
        }
    }

    private static void count(Round round, Outcome outcome) {
        round.settled.merge(outcome, 1, Integer::sum);
    }

    /**
     * A CREATE refused because its syncId is taken (another user's, or a purged reservation): the document keeps its
     * content under a fresh syncId (never reusing the refused one), created again.
     */
    private void rekey(SyncId refused) {
        Optional<LocalDocument> doc = store.document(refused);
        if (doc.isEmpty() || doc.get().version() != 0) {
            store.markForRefresh(refused);
            return;
        }
        LocalDocument old = doc.get();
        SyncId fresh = SyncId.random();
        Instant now = options.clock().instant();
        List<AttachmentFile> rows = store.attachments(refused);
        store.dropUnsent(refused);
        store.deleteDocument(refused);
        store.saveDocument(fresh, old.userId(), old.content(), old.createdAt(), now, 0, old.conflictOf(),
                old.legacyId());
        List<AttachmentFile> moved = new ArrayList<>();
        for (AttachmentFile row : rows) {
            String path = row.localPath() == null ? null : moveFile(row.localPath(), fresh);
            moved.add(new AttachmentFile(fresh, row.position(), row.attachment(), path,
                    path == null ? AttachmentFile.Transfer.DONE : AttachmentFile.Transfer.UPLOAD));
        }
        store.replaceAttachments(fresh, moved);
        enqueue(new LocalEdit(fresh, OperationType.CREATE, old.content(), now, null), 0);
    }

    private String moveFile(String relative, SyncId to) {
        Path from = files.resolve(relative);
        String target = to + "/" + from.getFileName();
        try {
            Files.createDirectories(files.resolve(to.toString()));
            Files.move(from, files.resolve(target));
            return target;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Reads documents marked for it (conflicts, rejections, server changes that arrived while local edits were queued)
     * from the server once their queue entries have settled, and makes the local state the server's.
     */
    private void refresh(Round round, Progress progress) {
        List<SyncId> due = store.refreshable();
        for (int i = 0; i < due.size(); i++) {
            progress.update("read back", i, due.size());
            SyncId syncId = due.get(i);
            DocumentLookup lookup = api.document(syncId);
            store.transaction(() -> {
                if (store.hasQueued(syncId)) {
                    return null;
                }
                if (lookup instanceof DocumentLookup.Live live) {
                    boolean adopted = store.document(syncId).isEmpty() && live.document().conflictOf() != null;
                    store.deleteTombstone(syncId);
                    saveFromServer(live.document());
                    if (adopted) {
                        round.copies++;
                    }
                } else if (lookup instanceof DocumentLookup.Deleted deleted) {
                    applyTombstone(deleted.tombstone());
                } else {
                    store.deleteDocument(syncId);
                    store.deleteTombstone(syncId);
                    deleteFiles(syncId);
                }
                store.refreshed(syncId);
                round.refreshed++;
                return null;
            });
        }
    }

    /**
     * Pulls every change after the stored cursor, page by page, each page applied with its cursor in one transaction.
     * Without a cursor (first sync) or on RESYNC_REQUIRED it is a full pull; after one, local documents the server no
     * longer lists (a deletion whose tombstone was purged before this device saw it) are read back.
     */
    private void pull(Round round, Progress progress) {
        String cursor = store.state(CURSOR_KEY).orElse(null);
        try {
            if (cursor != null) {
                pullFrom(cursor, round, progress);
                return;
            }
        } catch (ResyncRequiredException e) {
            store.putState(CURSOR_KEY, null);
        }
        round.fullPull = true;
        Set<SyncId> seen = new HashSet<>();
        String next = null;
        do {
            PullPage page = api.pull(next, options.pullLimit());
            store.transaction(() -> {
                for (RemoteDocument doc : page.documents()) {
                    seen.add(SyncId.parse(doc.syncId()));
                    applyPulled(doc);
                }
                return null;
            });
            round.pulled += page.documents().size();
            progress.update("pull", round.pulled, round.pulled);
            next = page.nextCursor();
            if (!page.hasMore()) {
                break;
            }
        } while (true);
        String last = next;
        store.transaction(() -> {
            for (LocalDocument doc : store.documents()) {
                if (!seen.contains(doc.syncId()) && !store.hasQueued(doc.syncId())) {
                    store.markForRefresh(doc.syncId());
                }
            }
            store.putState(CURSOR_KEY, last);
            return null;
        });
    }

    private void pullFrom(String cursor, Round round, Progress progress) {
        String next = cursor;
        while (true) {
            PullPage page = api.pull(next, options.pullLimit());
            String after = page.nextCursor();
            store.transaction(() -> {
                page.documents().forEach(this::applyPulled);
                store.putState(CURSOR_KEY, after);
                return null;
            });
            round.pulled += page.documents().size();
            progress.update("pull", round.pulled, round.pulled);
            next = after;
            if (!page.hasMore()) {
                return;
            }
        }
    }

    /**
     * One pulled document. A tombstone always applies (a deletion is final, SPEC §2). A live state never overwrites a
     * document with queue entries (it is read back once they settle), never brings back a tombstoned one, and applies
     * when it is at least the local version (pulls re-deliver young changes; apply by syncId and version).
     */
    private void applyPulled(RemoteDocument doc) {
        SyncId syncId = SyncId.parse(doc.syncId());
        if (doc.deleted()) {
            applyTombstone(doc);
            return;
        }
        if (store.hasQueued(syncId)) {
            store.markForRefresh(syncId);
            return;
        }
        if (store.tombstone(syncId).isPresent()) {
            return;
        }
        Optional<LocalDocument> local = store.document(syncId);
        if (local.isEmpty() || doc.version() >= local.get().version()) {
            saveFromServer(doc);
        }
    }

    private void applyTombstone(RemoteDocument t) {
        SyncId syncId = SyncId.parse(t.syncId());
        store.deleteDocument(syncId);
        store.saveTombstone(new LocalTombstone(syncId, options.userId(), t.deletedAt(), t.deletedBy(),
                t.deleteReason()));
        deleteFiles(syncId);
    }

    /** The server's state of a live document, attachment files kept where the device already holds those bytes. */
    private void saveFromServer(RemoteDocument doc) {
        SyncId syncId = SyncId.parse(doc.syncId());
        DocumentContent content = doc.content();
        Map<String, AttachmentFile> held = new LinkedHashMap<>();
        for (AttachmentFile row : store.attachments(syncId)) {
            held.put(row.attachment().fileName(), row);
        }
        store.saveDocument(syncId, options.userId(), content, doc.createdAt(), doc.lastModified(), doc.version(),
                doc.conflictOf() == null ? null : SyncId.parse(doc.conflictOf()), doc.legacyId());
        List<AttachmentFile> rows = new ArrayList<>();
        for (Attachment a : content.attachments()) {
            AttachmentFile mine = held.get(a.fileName());
            boolean same = mine != null && mine.transfer() != AttachmentFile.Transfer.DOWNLOAD
                    && Objects.equals(mine.attachment().checksum(), a.checksum())
                    && Objects.equals(mine.attachment().size(), a.size());
            Attachment meta = a.withS3Key(null);
            rows.add(same
                    ? new AttachmentFile(syncId, rows.size(), meta, mine.localPath(), mine.transfer())
                    : new AttachmentFile(syncId, rows.size(), meta, null, AttachmentFile.Transfer.DOWNLOAD));
        }
        store.replaceAttachments(syncId, rows);
    }

    /** Attachment files known from the server: downloaded through presigned URLs and checked against their metadata. */
    private void download(Round round, Progress progress) {
        List<AttachmentFile> waiting = store.attachmentsAwaiting(AttachmentFile.Transfer.DOWNLOAD);
        for (int i = 0; i < waiting.size(); i++) {
            progress.update("download", i, waiting.size());
            AttachmentFile file = waiting.get(i);
            Attachment a = file.attachment();
            try {
                byte[] bytes = api.download(api.downloadUrl(file.documentSyncId(), a.fileName()));
                if (!matches(a, bytes)) {
                    round.failedDownloads++;
                    continue;
                }
                String relative = file.documentSyncId() + "/" + a.fileName();
                Path target = files.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
                store.markTransferred(file.documentSyncId(), a.fileName(), relative);
                round.downloaded++;
            } catch (TransientApiException e) {
                throw e;
            } catch (ApiException | IOException e) {
                round.failedDownloads++;
            }
        }
        progress.update("download", waiting.size(), waiting.size());
    }

    /** Whether downloaded bytes are what the metadata declares: the size, and the SHA-256 when one is declared. */
    static boolean matches(Attachment a, byte[] bytes) {
        if (a.size() != null && a.size() != bytes.length) {
            return false;
        }
        byte[] declared = AttachmentChecksum.sha256Digest(a.checksum());
        return declared == null || MessageDigest.isEqual(declared, digest(bytes));
    }

    private static String sha256(byte[] bytes) {
        return AttachmentChecksum.sha256(digest(bytes));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private void deleteFiles(SyncId syncId) {
        Path dir = files.resolve(syncId.toString());
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover file is never read (its row is gone)
        }
    }

    @Override
    public synchronized void close() {
        store.close();
    }
}
