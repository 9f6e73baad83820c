package io.syncid.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The content of a document as a device sends it (SPEC §4): everything but its identity and bookkeeping.
 * {@code fields} is free-form JSON (absent means empty); the limits are Bean Validation constraints, except the
 * serialized size of {@code fields}, which only the caller that holds the bytes can measure against
 * {@link #MAX_FIELDS_BYTES}.
 */
public record DocumentContent(
        @NotNull @Size(min = 1, max = MAX_TITLE) String title,
        @NotNull @Size(min = 1, max = MAX_CATEGORY) String category,
        Map<String, Object> fields,
        @Size(max = MAX_ATTACHMENTS) List<@Valid Attachment> attachments) {

    public static final int MAX_TITLE = 512;
    public static final int MAX_CATEGORY = 128;
    /** Largest serialized size of {@code fields}, in bytes. */
    public static final int MAX_FIELDS_BYTES = 64 * 1024;
    public static final int MAX_ATTACHMENTS = 100;

    public DocumentContent {
        fields = fields == null ? Map.of() : freeze(fields);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /**
     * A deep, read-only copy: the record is shared across threads and compared by value, so nested maps and lists
     * must not change under it. Null values are JSON nulls and are kept, which {@code Map.copyOf} would refuse.
     */
    private static Map<String, Object> freeze(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, freezeValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return freeze((Map<String, ?>) map);
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(freezeValue(element)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
