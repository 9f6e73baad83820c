package io.syncid.writer.service;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.syncid.model.Attachment;
import io.syncid.model.AttachmentChecksum;
import io.syncid.model.AttachmentMismatch;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.model.store.AttachmentKeys;
import io.syncid.writer.config.WriterConfig;
import io.syncid.writer.repository.AttachmentStore;

/**
 * Attachments and their objects in S3 (SPEC §3: exactly {@code {userId}/{syncId}/{fileName}}): compares a stored
 * declaration with the object already uploaded, and gives a conflict copy objects of its own. The comparison runs on
 * a small pool of its own while the operation and the partition's next records are written ({@link #check}): an S3
 * round trip per attachment would otherwise add to every record of a lane, which applies one record after the other.
 */
@ApplicationScoped
public class AttachmentChecks {

    private static final Logger LOG = Logger.getLogger(AttachmentChecks.class);
    private static final CompletableFuture<List<AttachmentMismatch>> NONE = CompletableFuture.completedFuture(
            List.of());

    private final AttachmentStore store;
    private final WriterMetrics metrics;
    private final boolean verify;
    private final ExecutorService pool;

    AttachmentChecks(AttachmentStore store, WriterMetrics metrics, WriterConfig config) {
        this.store = store;
        this.metrics = metrics;
        this.verify = config.attachments().verify();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.attachments().checkThreads(), r -> {
            Thread t = new Thread(r, "remote-writer-attachment-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }

    /**
     * Starts the check of the attachments {@code op} declares, to run while {@code op} itself is written (the answer
     * counts only if the write stores them: {@link AppliedOperation#storedAttachments()}); already complete, and
     * nothing asked of S3, when it declares none or is an IMPORT. The future fails with
     * {@link AttachmentStore.StorageUnavailableException} when S3 does not answer.
     */
    public CompletableFuture<List<AttachmentMismatch>> check(ConsolidatedOperation op) {
        if (!verify || op.document() == null || op.document().attachments().isEmpty()
                || op.type() == OperationType.DELETE || op.type() == OperationType.IMPORT) {
            // An IMPORT declares what the migration-worker found when it copied each object and read it back: size and
            // SHA-256 computed from those very bytes just before; asking S3 again would compare them with themselves.
            return NONE;
        }
        try {
            return CompletableFuture.supplyAsync(
                    () -> mismatches(op.userId(), op.syncId(), op.document().attachments()), pool);
        } catch (RejectedExecutionException e) {
            // Shutting down: the record is not flushed, so it is processed again (and checked) after the restart.
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The declared attachments of {@code syncId} whose object is already in S3 with another size, or another SHA-256
     * when a {@code sha256:} checksum is declared. A missing object is no mismatch: the device uploads after it
     * pushed (SPEC §4), so the bytes may come later; a declaration without a size or checksum is not compared on
     * that point.
     */
    List<AttachmentMismatch> mismatches(String userId, SyncId syncId, List<Attachment> declared) {
        if (!verify || declared.isEmpty()) {
            return List.of();
        }
        List<AttachmentMismatch> out = new ArrayList<>();
        for (Attachment a : declared) {
            if (a.size() == null && a.checksum() == null) {
                continue;
            }
            String key = AttachmentKeys.key(userId, syncId, a.fileName());
            Optional<AttachmentStore.ObjectInfo> head = store.head(key);
            if (head.isEmpty()) {
                continue;
            }
            long size = head.get().size();
            if (a.size() != null && a.size() != size) {
                // Another size settles it: reading the object to hash it would tell nothing more.
                out.add(mismatch(a, size, null, "size"));
                continue;
            }
            if (!AttachmentChecksum.isSha256(a.checksum())) {
                continue;
            }
            byte[] found = head.get().sha256();
            if (found == null) {
                if (size > store.maxHashBytes()) {
                    LOG.debugf("%s has %d bytes, more than the writer hashes: compared by size only", key, size);
                    continue;
                }
                Optional<byte[]> read = store.sha256(key);
                if (read.isEmpty()) {
                    continue;
                }
                found = read.get();
            }
            byte[] expected = AttachmentChecksum.sha256Digest(a.checksum());
            if (expected == null || !MessageDigest.isEqual(expected, found)) {
                out.add(mismatch(a, size, AttachmentChecksum.sha256(found), "checksum"));
            }
        }
        return out;
    }

    private AttachmentMismatch mismatch(Attachment a, long foundSize, String foundChecksum, String kind) {
        metrics.attachmentMismatch(kind);
        LOG.infof("attachment %s does not match its object in S3 (%s): declared size %s checksum %s, found size %d"
                + " checksum %s", a.fileName(), kind, a.size(), a.checksum(), foundSize, foundChecksum);
        return new AttachmentMismatch(a.fileName(), a.size(), a.checksum(), foundSize, foundChecksum);
    }

    /**
     * Copies the objects of a conflict copy's attachments from the original's path to the copy's own (its
     * {@code s3Key}s), before the copy's item is written: the copy is a document of its own and may outlive the
     * original's objects (a DELETE that wins the conflict removes everything under the original). Copying again after
     * a crash is harmless: the copy's syncId is the one marked on the original, so the same objects are written again.
     * An object not uploaded yet is skipped: uploaded later, it lands under the original, which it then belongs to;
     * the copy's attachment stays without bytes until the device that owns it uploads to the copy's own path (it
     * learns that syncId from CONFLICT_RESOLVED).
     */
    public void copyForConflictCopy(String userId, SyncId original, List<Attachment> copyAttachments) {
        for (Attachment a : copyAttachments) {
            String from = AttachmentKeys.key(userId, original, a.fileName());
            if (a.s3Key() == null || a.s3Key().equals(from)) {
                continue;
            }
            if (!store.copy(from, a.s3Key())) {
                LOG.debugf("no object at %s yet: the conflict copy's %s has no bytes of its own", from, a.fileName());
            }
        }
    }
}
