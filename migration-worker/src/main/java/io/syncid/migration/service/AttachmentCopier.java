package io.syncid.migration.service;

import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

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
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Copies a legacy document's files to {@code {userId}/{syncId}/{fileName}} (SPEC §3) and verifies each copy (the
 * store's MD5 ETag of the put, else size and SHA-256 read back) before the document is imported. A legacy object that no longer exists is recorded as MISSING
 * and left out of the attachment list: reported, never invented. What it found is returned for the ledger, which
 * records it with the item's IMPORT.
 */
@ApplicationScoped
public class AttachmentCopier {

    /** The checksum form devices use ({@code sha256:<hex>}). */
    public static final String CHECKSUM_PREFIX = "sha256:";

    private final LegacyStore legacy;
    private final S3Client s3;
    private final String bucket;

    AttachmentCopier(LegacyStore legacy, S3Client s3, AwsConfig aws) {
        this.legacy = legacy;
        this.s3 = s3;
        this.bucket = aws.s3().bucket();
    }

    /** What was copied (as attachment metadata), which files were missing, and both as ledger records. */
    public record Copied(List<Attachment> attachments, List<String> missing, List<Ledger.Copy> records) {

        /** A document without attachments (or a deleted one, whose files are not copied). */
        public static final Copied NONE = new Copied(List.of(), List.of(), List.of());
    }

    public Copied copy(LegacyDocument doc, SyncId syncId) {
        List<Attachment> attachments = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<Ledger.Copy> records = new ArrayList<>();
        for (LegacyAttachment file : doc.attachments()) {
            Optional<byte[]> bytes = legacy.object(file.s3Key());
            if (bytes.isEmpty()) {
                records.add(new Ledger.Copy(file.fileName(), file.s3Key(), null, null, null,
                        AttachmentCopyEntity.MISSING));
                missing.add(file.fileName());
                continue;
            }
            String target = AttachmentKeys.key(doc.owner(), syncId, file.fileName());
            byte[] data = bytes.get();
            String sha = sha256(data);
            // The SHA-256 already computed goes with the put: the store checks the bytes against it and keeps it
            // (the writer's attachment check reads it back), and the SDK does not compute a CRC32 of its own.
            String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha));
            PutObjectResponse put = s3.putObject(
                    b -> b.bucket(bucket).key(target).contentType(LegacyMapping.contentType(file.fileName()))
                            .checksumSHA256(checksum),
                    RequestBody.fromBytes(data));
            if (!md5(data).equals(unquoted(put.eTag()))) {
                verify(target, data.length, sha);
            }
            records.add(new Ledger.Copy(file.fileName(), file.s3Key(), target, (long) data.length, sha,
                    AttachmentCopyEntity.COPIED));
            attachments.add(new Attachment(file.fileName(), LegacyMapping.contentType(file.fileName()),
                    (long) data.length, CHECKSUM_PREFIX + sha, file.label(), null));
        }
        return new Copied(attachments, missing, records);
    }

    /**
     * Reads the copy back: a copy that is not byte-for-byte the legacy object fails the step (retried). Only when the
     * store's answer to the put did not already prove it: the ETag of a single-part put is the MD5 of the bytes the
     * store kept (S3 without KMS, S3Proxy), so a matching ETag verifies the copy without a second request.
     */
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

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    private static String unquoted(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
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
