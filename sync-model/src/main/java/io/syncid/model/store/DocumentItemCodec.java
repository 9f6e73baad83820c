package io.syncid.model.store;

import static io.syncid.model.store.DocumentsTable.*;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.syncid.model.Attachment;
import io.syncid.model.EventJson;
import io.syncid.model.SyncId;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps {@link DocumentItem} to and from DynamoDB attribute maps, in the layout of {@link DocumentsTable}. */
public final class DocumentItemCodec {

    private DocumentItemCodec() {
    }

    public static Map<String, AttributeValue> toItem(DocumentItem doc) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(SYNC_ID, s(doc.syncId().toString()));
        item.put(USER_ID, s(doc.userId()));
        item.put(VERSION, n(doc.version()));
        item.put(CHANGE_POS, s(doc.changePos().encode()));
        item.put(CHANGED_AT_MILLIS, n(doc.changedAtMillis()));
        putIfPresent(item, CREATED_AT, doc.createdAt());
        putIfPresent(item, LAST_MODIFIED, doc.lastModified());
        putIfPresent(item, LEGACY_ID, doc.legacyId());
        putIfPresent(item, CONFLICT_OF, doc.conflictOf());
        putIfPresent(item, LAST_DEVICE_ID, doc.lastDeviceId());
        if (!doc.appliedOpIds().isEmpty()) {
            item.put(APPLIED_OP_IDS, AttributeValue.fromSs(doc.appliedOpIds()));
        }
        if (!doc.versionDevices().isEmpty()) {
            Map<String, AttributeValue> devices = new HashMap<>();
            doc.versionDevices().forEach((version, device) -> devices.put(Long.toString(version), s(device)));
            item.put(VERSION_DEVICES, AttributeValue.fromM(devices));
        }
        if (doc.deleted()) {
            item.put(DELETED, AttributeValue.fromBool(true));
            putIfPresent(item, DELETED_AT, doc.deletedAt());
            putIfPresent(item, DELETED_BY, doc.deletedBy());
            putIfPresent(item, DELETE_REASON, doc.deleteReason());
            return item;
        }
        putIfPresent(item, TITLE, doc.title());
        putIfPresent(item, CATEGORY, doc.category());
        putIfPresent(item, CONTENT_HASH, doc.contentHash());
        item.put(FIELDS, s(writeFields(doc.fields())));
        List<AttributeValue> attachments = new ArrayList<>();
        for (Attachment a : doc.attachments()) {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put(ATT_FILE_NAME, s(a.fileName()));
            putIfPresent(m, ATT_S3_KEY, a.s3Key());
            putIfPresent(m, ATT_CONTENT_TYPE, a.contentType());
            if (a.size() != null) {
                m.put(ATT_SIZE, n(a.size()));
            }
            putIfPresent(m, ATT_CHECKSUM, a.checksum());
            putIfPresent(m, ATT_LABEL, a.label());
            attachments.add(AttributeValue.fromM(m));
        }
        item.put(ATTACHMENTS, AttributeValue.fromL(attachments));
        return item;
    }

    /** Whether the stored item is a content-free reservation of a purged syncId ({@link DocumentsTable#RESERVED}). */
    public static boolean isReservation(Map<String, AttributeValue> item) {
        AttributeValue reserved = item.get(RESERVED);
        return reserved != null && Boolean.TRUE.equals(reserved.bool());
    }

    /** The item's change position; a purged reservation's is the one it had before it left the index. */
    public static ChangePosition changePosition(Map<String, AttributeValue> item) {
        // A purged reservation has left the index; it keeps its former position (see DocumentsTable.RESERVED).
        return ChangePosition
                .parse(item.containsKey(CHANGE_POS) ? str(item, CHANGE_POS) : str(item, PURGED_CHANGE_POS));
    }

    /** When the item got its change position ({@link DocumentsTable#CHANGED_AT_MILLIS}). */
    public static long changedAtMillis(Map<String, AttributeValue> item) {
        return num(item, CHANGED_AT_MILLIS);
    }

    /** The item as Java; a reservation reads as the tombstone it was (deleted, no content). */
    public static DocumentItem fromItem(Map<String, AttributeValue> item) {
        List<Attachment> attachments = new ArrayList<>();
        AttributeValue list = item.get(ATTACHMENTS);
        if (list != null && list.hasL()) {
            for (AttributeValue v : list.l()) {
                Map<String, AttributeValue> m = v.m();
                attachments.add(new Attachment(str(m, ATT_FILE_NAME), str(m, ATT_CONTENT_TYPE),
                        m.containsKey(ATT_SIZE) ? Long.valueOf(m.get(ATT_SIZE).n()) : null, str(m, ATT_CHECKSUM),
                        str(m, ATT_LABEL), str(m, ATT_S3_KEY)));
            }
        }
        String fields = str(item, FIELDS);
        String conflictOf = str(item, CONFLICT_OF);
        AttributeValue applied = item.get(APPLIED_OP_IDS);
        AttributeValue deleted = item.get(DELETED);
        return new DocumentItem(
                SyncId.parse(str(item, SYNC_ID)),
                str(item, USER_ID),
                str(item, TITLE),
                str(item, CATEGORY),
                fields == null ? Map.of() : new StoredFields(fields),
                attachments,
                instant(item, CREATED_AT),
                instant(item, LAST_MODIFIED),
                num(item, VERSION),
                str(item, CONTENT_HASH),
                str(item, LEGACY_ID),
                conflictOf == null ? null : SyncId.parse(conflictOf),
                deleted != null && Boolean.TRUE.equals(deleted.bool()),
                instant(item, DELETED_AT),
                str(item, DELETED_BY),
                str(item, DELETE_REASON),
                applied != null && applied.hasSs() ? applied.ss() : List.of(),
                str(item, LAST_DEVICE_ID),
                changePosition(item),
                changedAtMillis(item),
                versionDevices(item.get(VERSION_DEVICES)));
    }

    private static Map<Long, String> versionDevices(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        Map<Long, String> devices = new HashMap<>();
        value.m().forEach((version, device) -> devices.put(Long.valueOf(version), device.s()));
        return devices;
    }

    private static String writeFields(Map<String, Object> fields) {
        if (fields instanceof StoredFields stored) {
            return stored.json();
        }
        try {
            return EventJson.mapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fields cannot be serialized", e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Object value) {
        if (value != null) {
            item.put(name, s(value.toString()));
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : parseInstant(v);
    }

    /**
     * {@link Instant#parse} of what {@link Instant#toString()} writes ({@code yyyy-MM-ddTHH:mm:ss[.f…]Z}), by hand:
     * {@code Instant.parse} took about 2 µs a call here against under 0.1 µs, and an item has three, so it was the
     * largest part of decoding one (about 5 % of the gateway's CPU per document of a full pull). Anything else, and a
     * leap second, goes to {@code Instant.parse}, so the result is always its.
     */
    static Instant parseInstant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return Instant.parse(text);
            }
            nanos = digits(text, 20, length - 1);
            for (int i = fraction; i < 9 && nanos >= 0; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nanos) < 0 || month < 1 || month > 12 || day < 1
                || day > YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59
                || second > 59) {
            return Instant.parse(text);
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character there is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
