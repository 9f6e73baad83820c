package io.syncid.migration.legacy;

import static io.syncid.migration.legacy.LegacySchema.*;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.syncid.model.DocumentContent;
import io.syncid.model.FileNames;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads legacy DynamoDB items into {@link LegacyDocument}/{@link LegacyAttachment}, refusing what cannot be migrated
 * faithfully with a {@link MalformedLegacyItemException} that names the field: the migration reports such an item as
 * failed instead of guessing.
 */
public final class LegacyItems {

    private LegacyItems() {
    }

    /** The document of {@code item}, with {@code attachments}. */
    public static LegacyDocument document(Map<String, AttributeValue> item,
            List<Map<String, AttributeValue>> attachments) {
        String id = str(item, ID);
        String owner = str(item, OWNER);
        if (owner == null || owner.isBlank()) {
            throw new MalformedLegacyItemException("legacy item " + id + " has no owner");
        }
        if (owner.contains("/")) {
            throw new MalformedLegacyItemException("legacy item " + id + ": owner contains '/'");
        }
        boolean deleted = bool(item, DELETED) || bool(item, DS_DELETED);
        Instant createdAt = instant(item, CREATED_AT, id);
        Instant lastModified = instant(item, LAST_MODIFIED, id);
        if (lastModified == null && item.containsKey(DS_LAST_CHANGED_AT)) {
            lastModified = Instant.ofEpochMilli(number(item, DS_LAST_CHANGED_AT, id));
        }
        if (createdAt == null) {
            throw new MalformedLegacyItemException("legacy item " + id + " has no readable createdAt");
        }
        if (lastModified == null) {
            lastModified = createdAt;
        }
        long version = item.containsKey(VERSION)
                ? number(item, VERSION, id)
                : item.containsKey(DS_VERSION) ? number(item, DS_VERSION, id) : 1;
        String title = str(item, TITLE);
        String category = str(item, CATEGORY);
        if (!deleted) {
            requireText(id, TITLE, title, DocumentContent.MAX_TITLE);
            requireText(id, CATEGORY, category, DocumentContent.MAX_CATEGORY);
        }
        List<LegacyAttachment> files = new ArrayList<>();
        for (Map<String, AttributeValue> a : attachments) {
            files.add(attachment(a, id));
        }
        files.sort((a, b) -> a.fileName().compareTo(b.fileName()));
        for (int i = 1; i < files.size(); i++) {
            if (files.get(i).fileName().equals(files.get(i - 1).fileName())) {
                throw new MalformedLegacyItemException(
                        "legacy item " + id + ": two attachments named " + files.get(i).fileName());
            }
        }
        return new LegacyDocument(id, owner, title, category, str(item, RENEWAL_DATE), str(item, NOTES), createdAt,
                lastModified, version, deleted, str(item, SYNC_ID), files);
    }

    private static LegacyAttachment attachment(Map<String, AttributeValue> item, String documentId) {
        String fileName = str(item, FILE_NAME);
        String problem = FileNames.problem(fileName);
        if (problem != null) {
            throw new MalformedLegacyItemException(
                    "legacy item " + documentId + ": attachment " + str(item, ID) + ": " + problem);
        }
        String key = str(item, S3_KEY);
        if (key == null || key.isBlank()) {
            throw new MalformedLegacyItemException(
                    "legacy item " + documentId + ": attachment " + fileName + " has no s3Key");
        }
        Long size = item.containsKey(FILE_SIZE) ? number(item, FILE_SIZE, documentId) : null;
        return new LegacyAttachment(str(item, ID), documentId, fileName, str(item, LABEL), size, key,
                instant(item, CREATED_AT, documentId));
    }

    private static void requireText(String id, String name, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new MalformedLegacyItemException("legacy item " + id + " has no " + name);
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw new MalformedLegacyItemException("legacy item " + id + ": " + name + " is longer than " + max);
        }
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    private static long number(Map<String, AttributeValue> item, String name, String id) {
        AttributeValue v = item.get(name);
        String text = v.n() != null ? v.n() : v.s();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedLegacyItemException("legacy item " + id + ": " + name + " is not a number: " + text);
        }
    }

    private static Instant instant(Map<String, AttributeValue> item, String name, String id) {
        String text = str(item, name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedLegacyItemException("legacy item " + id + ": " + name + " is not an instant: " + text);
        }
    }
}
