package io.syncid.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one canonical content hash of a document (SPEC §3 {@code contentHash}): SHA-256, lowercase hex, of the canonical
 * JSON of title, category, fields and attachment metadata (file name, content type, size, checksum, label; not the
 * derived S3 key). Canonical means object keys sorted at every depth and no white space, so two documents with equal
 * content hash equally whatever order their fields arrived in. Used by the remote-writer and the migration's
 * validation.
 */
public final class ContentHash {

    private static final ObjectMapper CANONICAL = EventJson.mapper().copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ContentHash() {
    }

    /** The hash of {@code content}. */
    public static String of(DocumentContent content) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (Attachment a : content.attachments()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("checksum", a.checksum());
            m.put("contentType", a.contentType());
            m.put("fileName", a.fileName());
            m.put("label", a.label());
            m.put("size", a.size());
            attachments.add(m);
        }
        canonical.put("attachments", attachments);
        canonical.put("category", content.category());
        canonical.put("fields", content.fields());
        canonical.put("title", content.title());
        try {
            byte[] json = CANONICAL.writeValueAsBytes(canonical);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("content cannot be serialized: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
