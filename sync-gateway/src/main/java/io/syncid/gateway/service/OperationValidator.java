package io.syncid.gateway.service;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import io.syncid.model.Attachment;
import io.syncid.model.ChangeEvent;
import io.syncid.model.DocumentContent;
import io.syncid.model.ErrorCode;
import io.syncid.model.EventJson;
import io.syncid.model.EventSchema;
import io.syncid.model.IsoInstant;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;

/**
 * Checks one operation of {@code POST /v1/changes} against SPEC §4 and turns it into a {@link ChangeEvent}. It walks
 * the JSON tree itself rather than binding, because every operation gets its own verdict and code (a bad operation
 * must not fail its batch) and because a number must not silently pass for a string.
 */
@ApplicationScoped
public class OperationValidator {

    /** Longest accepted deletion/operation reason. */
    static final int MAX_REASON = 256;

    public OperationCheck check(JsonNode op, String userId, String deviceId, Instant receivedAt) {
        if (op == null || !op.isObject()) {
            return new OperationCheck.Rejected(null, null, ErrorCode.MALFORMED_REQUEST,
                    "operation must be a JSON object");
        }
        String rawOpId = text(op.get("opId"));
        String rawSyncId = text(op.get("syncId"));
        try {
            UUID opId = opId(op.get("opId"));
            SyncId syncId = syncId(op.get("syncId"));
            rawSyncId = syncId.toString();
            OperationType type = type(op.get("type"));
            long baseVersion = baseVersion(op.get("baseVersion"), type);
            Instant occurredAt = occurredAt(op.get("occurredAt"));
            DocumentContent document = document(op.get("document"), type);
            String reason = optionalText(op.get("reason"), "reason", MAX_REASON);
            return new OperationCheck.Valid(new ChangeEvent(EventSchema.CURRENT_VERSION, opId, syncId, type,
                    baseVersion, occurredAt, document, reason, userId, deviceId, receivedAt));
        } catch (Invalid e) {
            return new OperationCheck.Rejected(rawOpId, rawSyncId, e.code, e.getMessage());
        }
    }

    private static UUID opId(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new Invalid(ErrorCode.INVALID_OP_ID, "opId is required");
        }
        if (!node.isTextual() || !SyncId.isValid(node.textValue())) {
            throw new Invalid(ErrorCode.INVALID_OP_ID, "opId must be a UUID version 4 (8-4-4-4-12 hex digits)");
        }
        return UUID.fromString(node.textValue().toLowerCase(Locale.ROOT));
    }

    private static SyncId syncId(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new Invalid(ErrorCode.INVALID_SYNC_ID, "syncId is required");
        }
        if (!node.isTextual()) {
            throw new Invalid(ErrorCode.INVALID_SYNC_ID, "syncId must be a string");
        }
        try {
            return SyncId.parse(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new Invalid(ErrorCode.INVALID_SYNC_ID, e.getMessage());
        }
    }

    private static OperationType type(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, "type is required: CREATE, UPDATE or DELETE");
        }
        for (OperationType t : OperationType.values()) {
            // IMPORT is the migration's own type (SPEC §4): a device that sends it is refused like any unknown type.
            if (t.isDeviceType() && t.name().equals(node.textValue())) {
                return t;
            }
        }
        throw new Invalid(ErrorCode.VALIDATION_FAILED, "type must be CREATE, UPDATE or DELETE");
    }

    private static long baseVersion(JsonNode node, OperationType type) {
        long value;
        if (node == null || node.isNull()) {
            if (type != OperationType.CREATE) {
                throw new Invalid(ErrorCode.VALIDATION_FAILED, "baseVersion (the version the device last saw, 0 "
                        + "when it has seen none) is required on " + type);
            }
            value = 0;
        } else if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
            value = node.longValue();
        } else {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, "baseVersion must be a non-negative integer");
        }
        if (type == OperationType.CREATE && value != 0) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, "baseVersion must be 0 or absent on CREATE");
        }
        return value;
    }

    private static Instant occurredAt(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, "occurredAt is required: an ISO-8601 instant with offset");
        }
        try {
            return IsoInstant.parseOffsetDateTime(node.textValue());
        } catch (DateTimeParseException e) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, "occurredAt must be an ISO-8601 instant with offset");
        }
    }

    private static DocumentContent document(JsonNode node, OperationType type) {
        boolean absent = node == null || node.isNull();
        if (!type.carriesDocument()) {
            if (!absent) {
                throw new Invalid(ErrorCode.VALIDATION_FAILED, "document must be absent on DELETE");
            }
            return null;
        }
        if (absent) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, "document is required on " + type);
        }
        if (!node.isObject()) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, "document must be a JSON object");
        }
        String title = requiredText(node.get("title"), "document.title", DocumentContent.MAX_TITLE);
        String category = requiredText(node.get("category"), "document.category", DocumentContent.MAX_CATEGORY);
        Map<String, Object> fields = fields(node.get("fields"));
        List<Attachment> attachments = attachments(node.get("attachments"));
        return new DocumentContent(title, category, fields, attachments);
    }

    private static Map<String, Object> fields(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, "document.fields must be a JSON object");
        }
        long size = serializedSize(node);
        if (size > DocumentContent.MAX_FIELDS_BYTES) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, "document.fields is " + size
                    + " bytes serialized; at most " + DocumentContent.MAX_FIELDS_BYTES + " are allowed");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) plain(node);
        return fields;
    }

    /** The serialized size of {@code node} in bytes, counted without keeping the bytes. */
    private static long serializedSize(JsonNode node) {
        CountingStream counter = new CountingStream();
        try {
            EventJson.mapper().writeValue(counter, node);
        } catch (java.io.IOException e) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, "document.fields cannot be read");
        }
        return counter.count;
    }

    /** The JSON tree as plain Java values (maps, lists, strings, numbers, booleans, nulls), as events carry it. */
    private static Object plain(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT :
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
                return map;
            case ARRAY :
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(element -> list.add(plain(element)));
                return list;
            case STRING :
                return node.textValue();
            case NUMBER :
                return node.numberValue();
            case BOOLEAN :
                return node.booleanValue();
            default :
                return null;
        }
    }

    /** Counts bytes written to it; keeps none. */
    private static final class CountingStream extends java.io.OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    private static List<Attachment> attachments(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, "document.attachments must be an array");
        }
        if (node.size() > DocumentContent.MAX_ATTACHMENTS) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED,
                    "document.attachments has " + node.size() + " entries; at most " + DocumentContent.MAX_ATTACHMENTS);
        }
        List<Attachment> out = new ArrayList<>(node.size());
        Map<String, Boolean> names = new LinkedHashMap<>();
        for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
            JsonNode a = it.next();
            String at = "document.attachments[" + out.size() + "]";
            if (!a.isObject()) {
                throw new Invalid(ErrorCode.VALIDATION_FAILED, at + " must be a JSON object");
            }
            JsonNode fileName = a.get("fileName");
            if (fileName == null || !fileName.isTextual()) {
                throw new Invalid(ErrorCode.INVALID_FILE_NAME, at + ".fileName is required and must be a string");
            }
            String nameProblem = TextLimits.fileNameProblem(fileName.textValue());
            if (nameProblem != null) {
                throw new Invalid(ErrorCode.INVALID_FILE_NAME, at + ".fileName: " + nameProblem);
            }
            if (names.put(fileName.textValue(), Boolean.TRUE) != null) {
                throw new Invalid(ErrorCode.INVALID_FILE_NAME, at + ".fileName repeats another attachment's name");
            }
            JsonNode size = a.get("size");
            Long sizeValue = null;
            if (size != null && !size.isNull()) {
                if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
                    throw new Invalid(ErrorCode.VALIDATION_FAILED, at + ".size must be a non-negative integer");
                }
                sizeValue = size.longValue();
            }
            out.add(new Attachment(fileName.textValue(), optionalText(a.get("contentType"), at + ".contentType", 255),
                    sizeValue, optionalText(a.get("checksum"), at + ".checksum", 255),
                    optionalText(a.get("label"), at + ".label", 255), null));
        }
        return out;
    }

    private static String requiredText(JsonNode node, String name, int max) {
        if (node == null || node.isNull()) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, name + " is required");
        }
        if (!node.isTextual()) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, name + " must be a string");
        }
        if (!TextLimits.within(node.textValue(), 1, max)) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, name + " must be 1 to " + max + " characters");
        }
        return node.textValue();
    }

    private static String optionalText(JsonNode node, String name, int max) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, name + " must be a string");
        }
        if (!TextLimits.within(node.textValue(), 0, max)) {
            throw new Invalid(ErrorCode.VALIDATION_FAILED, name + " is longer than " + max + " characters");
        }
        return node.textValue();
    }

    private static String text(JsonNode node) {
        return node != null && node.getNodeType() == JsonNodeType.STRING ? node.textValue() : null;
    }

    /** Ends the check of one operation with a code; never leaves this class. */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final ErrorCode code;

        Invalid(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
