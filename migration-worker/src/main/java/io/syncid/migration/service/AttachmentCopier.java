package io.syncid.migration.service;

import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.migration.ledger.AttachmentCopyEntity;
import io.syncid.migration.ledger.Ledger;
import io.syncid.migration.legacy.LegacyAttachment;
import io.syncid.migration.legacy.LegacyDocument;
import io.syncid.migration.legacy.LegacyStore;
import io.syncid.model.Attachment;
import io.syncid.model.SyncId;
import io.syncid.model.store.AttachmentKeys;
import io.syncid.runtime.aws.AwsConfig;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Copies a legacy document's files to {@code {userId}/{syncId}/{fileName}} (SPEC §3) and verifies each copy (size and
 * SHA-256 read back) before the document is imported. A legacy object that no longer exists is recorded as MISSING
 * and left out of the attachment list: reported, never invented.
 */
@ApplicationScoped
public class AttachmentCopier {

    /** The checksum form devices use ({@code sha256:<hex>}). */
    public static final String CHECKSUM_PREFIX = "sha256:";

    private final LegacyStore legacy;
    private final S3Client s3;
    private final Ledger ledger;
    private final String bucket;

    AttachmentCopier(LegacyStore legacy, S3Client s3, Ledger ledger, AwsConfig aws) {
        this.legacy = legacy;
        this.s3 = s3;
        this.ledger = ledger;
        this.bucket = aws.s3().bucket();
    }

    /** What was copied (as attachment metadata) and which files were missing. */
    public record Copied(List<Attachment> attachments, List<String> missing) {
    }

    public Copied copy(UUID runId, LegacyDocument doc, SyncId syncId) {
        List<Attachment> attachments = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (LegacyAttachment file : doc.attachments()) {
            Optional<byte[]> bytes = legacy.object(file.s3Key());
            if (bytes.isEmpty()) {
                ledger.recordCopy(runId, doc.id(), file.fileName(), file.s3Key(), null, null, null,
                        AttachmentCopyEntity.MISSING);
                missing.add(file.fileName());
                continue;
            }
            String target = AttachmentKeys.key(doc.owner(), syncId, file.fileName());
            byte[] data = bytes.get();
            String sha = sha256(data);
            s3.putObject(b -> b.bucket(bucket).key(target).contentType(LegacyMapping.contentType(file.fileName())),
                    RequestBody.fromBytes(data));
            verify(target, data.length, sha);
            ledger.recordCopy(runId, doc.id(), file.fileName(), file.s3Key(), target, (long) data.length, sha,
                    AttachmentCopyEntity.COPIED);
            attachments.add(new Attachment(file.fileName(), LegacyMapping.contentType(file.fileName()),
                    (long) data.length, CHECKSUM_PREFIX + sha, file.label(), null));
        }
        return new Copied(attachments, missing);
    }

    /** Reads the copy back: a copy that is not byte-for-byte the legacy object fails the step (retried). */
    private void verify(String key, long size, String sha) {
        byte[] copy;
        try {
            copy = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new UncheckedIOException(new java.io.IOException("copy " + key + " is not readable after the put"));
        }
        if (copy.length != size || !sha256(copy).equals(sha)) {
            throw new UncheckedIOException(new java.io.IOException("copy " + key + " differs from the legacy object"));
        }
    }

    /** Lowercase hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
