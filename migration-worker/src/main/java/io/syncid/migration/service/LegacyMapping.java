package io.syncid.migration.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.syncid.migration.legacy.LegacyDocument;
import io.syncid.model.Attachment;
import io.syncid.model.DocumentContent;

/**
 * How a legacy document becomes a document's content (SPEC §9): title and category as they are, {@code renewalDate}
 * and {@code notes} into {@code fields} (only when present), the copied attachments as the attachment list.
 */
public final class LegacyMapping {

    public static final String RENEWAL_DATE = "renewalDate";
    public static final String NOTES = "notes";

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "pdf", "application/pdf",
            "jpg", "image/jpeg",
            "jpeg", "image/jpeg",
            "png", "image/png",
            "txt", "text/plain",
            "heic", "image/heic",
            "doc", "application/msword",
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    private LegacyMapping() {
    }

    /** The content of {@code doc} with {@code attachments} (those actually copied). */
    public static DocumentContent content(LegacyDocument doc, List<Attachment> attachments) {
        return new DocumentContent(doc.title(), doc.category(), fields(doc), attachments);
    }

    public static Map<String, Object> fields(LegacyDocument doc) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (doc.renewalDate() != null) {
            fields.put(RENEWAL_DATE, doc.renewalDate());
        }
        if (doc.notes() != null) {
            fields.put(NOTES, doc.notes());
        }
        return fields;
    }

    /** The content type of a legacy file, from its extension (the legacy table did not record one). */
    public static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
