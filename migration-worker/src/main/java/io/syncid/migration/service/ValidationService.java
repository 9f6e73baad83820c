package io.syncid.migration.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.migration.ledger.AttachmentCopyEntity;
import io.syncid.migration.ledger.ItemEntity;
import io.syncid.migration.ledger.ItemStatus;
import io.syncid.migration.ledger.Ledger;
import io.syncid.migration.legacy.LegacyAttachment;
import io.syncid.migration.legacy.LegacyDocument;
import io.syncid.migration.legacy.LegacyStore;
import io.syncid.migration.legacy.MalformedLegacyItemException;
import io.syncid.migration.service.ValidationReport.Difference;
import io.syncid.migration.service.ValidationReport.Problem;
import io.syncid.model.Attachment;
import io.syncid.model.ContentHash;
import io.syncid.model.DocumentContent;
import io.syncid.model.SyncId;
import io.syncid.model.store.AttachmentKeys;
import io.syncid.model.store.DocumentItem;
import io.syncid.runtime.aws.AwsConfig;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Compares a run's legacy documents with what the writer stored ({@link ValidationReport}). */
@ApplicationScoped
public class ValidationService {

    private final Ledger ledger;
    private final LegacyStore legacy;
    private final DocumentsStore documents;
    private final S3Client s3;
    private final String bucket;

    ValidationService(Ledger ledger, LegacyStore legacy, DocumentsStore documents, S3Client s3, AwsConfig aws) {
        this.ledger = ledger;
        this.legacy = legacy;
        this.documents = documents;
        this.s3 = s3;
        this.bucket = aws.s3().bucket();
    }

    public Optional<ValidationReport> validate(UUID runId) {
        var run = ledger.run(runId);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        List<ItemEntity> items = ledger.items(runId);
        Map<String, List<AttachmentCopyEntity>> copies = new HashMap<>();
        ledger.copies(runId).forEach(c -> copies.computeIfAbsent(c.legacyId, k -> new ArrayList<>()).add(c));
        List<SyncId> ids = new ArrayList<>();
        Map<String, String> holderOf = new HashMap<>();
        List<Problem> pending = new ArrayList<>();
        List<Problem> failed = new ArrayList<>();
        List<Problem> duplicates = new ArrayList<>();
        for (ItemEntity item : items) {
            if (item.syncId != null && (item.status == ItemStatus.MIGRATED || item.status == ItemStatus.SKIPPED)) {
                String other = holderOf.putIfAbsent(item.syncId, item.legacyId);
                if (other != null) {
                    duplicates.add(new Problem(item.legacyId, item.syncId, "syncId also mapped to " + other));
                }
                ids.add(SyncId.parse(item.syncId));
            }
            if (item.status == ItemStatus.FAILED) {
                failed.add(new Problem(item.legacyId, item.syncId, item.reason));
            } else if (!item.status.finished()) {
                pending.add(new Problem(item.legacyId, item.syncId, item.status.name()));
            }
        }
        int unprocessed = run.get().total - items.size();
        if (unprocessed > 0) {
            pending.add(new Problem(null, null, unprocessed + " legacy documents have no item yet"));
        }
        Map<SyncId, DocumentItem> stored = documents.getAll(ids);
        List<Problem> missing = new ArrayList<>();
        List<Difference> differences = new ArrayList<>();
        List<Problem> missingAttachments = new ArrayList<>();
        List<Problem> reportedMissing = new ArrayList<>();
        List<Problem> tombstones = new ArrayList<>();
        List<Problem> changed = new ArrayList<>();
        int checked = 0;
        for (ItemEntity item : items) {
            if (item.status != ItemStatus.MIGRATED) {
                continue;
            }
            checked++;
            SyncId syncId = SyncId.parse(item.syncId);
            DocumentItem doc = stored.get(syncId);
            LegacyDocument source;
            try {
                source = legacy.document(item.legacyId).orElse(null);
            } catch (MalformedLegacyItemException e) {
                source = null;
            }
            if (source == null) {
                missing.add(new Problem(item.legacyId, item.syncId, "legacy item is gone or unreadable now"));
                continue;
            }
            if (doc == null) {
                missing.add(new Problem(item.legacyId, item.syncId, "no document in Documents"));
                continue;
            }
            if (!Objects.equals(item.legacyId, doc.legacyId())) {
                differences.add(new Difference(item.legacyId, item.syncId, "legacyId", item.legacyId,
                        doc.legacyId()));
            }
            if (source.deleted()) {
                if (!doc.deleted()) {
                    tombstones.add(new Problem(item.legacyId, item.syncId, "deleted legacy item is not a tombstone"));
                }
                continue;
            }
            if (item.importedVersion != null && doc.version() != item.importedVersion) {
                changed.add(new Problem(item.legacyId, item.syncId, "version " + doc.version() + " (imported as "
                        + item.importedVersion + ") by " + doc.lastDeviceId()));
                continue;
            }
            if (doc.deleted()) {
                missing.add(new Problem(item.legacyId, item.syncId, "document is a tombstone"));
                continue;
            }
            compare(item, source, doc, copies.getOrDefault(item.legacyId, List.of()), differences,
                    missingAttachments, reportedMissing);
        }
        boolean clean = pending.isEmpty() && missing.isEmpty() && differences.isEmpty()
                && missingAttachments.isEmpty() && duplicates.isEmpty() && tombstones.isEmpty();
        return Optional.of(new ValidationReport(runId, run.get().total, holderOf.size(), checked, pending, failed,
                missing, differences, missingAttachments, reportedMissing, duplicates, tombstones, changed, clean));
    }

    private void compare(ItemEntity item, LegacyDocument source, DocumentItem doc, List<AttachmentCopyEntity> copies,
            List<Difference> differences, List<Problem> missingAttachments, List<Problem> reportedMissing) {
        Map<String, AttachmentCopyEntity> byName = new HashMap<>();
        copies.forEach(c -> byName.put(c.fileName, c));
        List<Attachment> expected = new ArrayList<>();
        for (LegacyAttachment file : source.attachments()) {
            AttachmentCopyEntity copy = byName.get(file.fileName());
            if (copy == null) {
                missingAttachments.add(new Problem(item.legacyId, item.syncId, file.fileName() + " was not copied"));
            } else if (AttachmentCopyEntity.MISSING.equals(copy.status)) {
                reportedMissing.add(new Problem(item.legacyId, item.syncId,
                        file.fileName() + ": legacy object " + file.s3Key() + " does not exist"));
            } else {
                expected.add(new Attachment(file.fileName(), LegacyMapping.contentType(file.fileName()), copy.size,
                        AttachmentCopier.CHECKSUM_PREFIX + copy.sha256, file.label(), null));
            }
        }
        DocumentContent content = LegacyMapping.content(source, expected);
        String id = item.legacyId;
        String sid = item.syncId;
        diff(differences, id, sid, "userId", source.owner(), doc.userId());
        diff(differences, id, sid, "title", content.title(), doc.title());
        diff(differences, id, sid, "category", content.category(), doc.category());
        diff(differences, id, sid, "fields", content.fields(), doc.fields());
        diff(differences, id, sid, "createdAt", source.createdAt(), doc.createdAt());
        diff(differences, id, sid, "lastModified", source.lastModified(), doc.lastModified());
        diff(differences, id, sid, "contentHash", ContentHash.of(content), doc.contentHash());
        SyncId syncId = SyncId.parse(sid);
        List<Attachment> storedWithoutKeys = new ArrayList<>();
        for (Attachment a : doc.attachments()) {
            diff(differences, id, sid, "attachments[" + a.fileName() + "].s3Key",
                    AttachmentKeys.key(source.owner(), syncId, a.fileName()), a.s3Key());
            storedWithoutKeys.add(a.withS3Key(null));
        }
        diff(differences, id, sid, "attachments", sorted(expected), sorted(storedWithoutKeys));
        for (Attachment a : expected) {
            String key = AttachmentKeys.key(source.owner(), syncId, a.fileName());
            try {
                byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
                String sha = AttachmentCopier.CHECKSUM_PREFIX + AttachmentCopier.sha256(bytes);
                if (!sha.equals(a.checksum()) || bytes.length != a.size()) {
                    missingAttachments.add(new Problem(id, sid, key + " has other bytes than the legacy object"));
                }
            } catch (NoSuchKeyException e) {
                missingAttachments.add(new Problem(id, sid, key + " does not exist"));
            }
        }
    }

    private static List<Attachment> sorted(List<Attachment> list) {
        List<Attachment> copy = new ArrayList<>(list);
        copy.sort((a, b) -> a.fileName().compareTo(b.fileName()));
        return copy;
    }

    private static void diff(List<Difference> out, String legacyId, String syncId, String field, Object expected,
            Object actual) {
        if (!Objects.equals(expected, actual)) {
            out.add(new Difference(legacyId, syncId, field, String.valueOf(expected), String.valueOf(actual)));
        }
    }
}
