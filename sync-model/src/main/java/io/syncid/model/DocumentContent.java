package io.syncid.model;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The content of a document as a device sends it (SPEC §4): everything but its identity and bookkeeping. */
public record DocumentContent(
        @NotNull @Size(min = 1, max = 512) String title,
        @NotNull @Size(min = 1, max = 128) String category,
        Map<String, Object> fields,
        @Size(max = MAX_ATTACHMENTS) List<@Valid Attachment> attachments) {

    /** Largest serialized size of {@code fields}, in bytes. */
    public static final int MAX_FIELDS_BYTES = 64 * 1024;
    public static final int MAX_ATTACHMENTS = 100;

    public DocumentContent {
        fields = fields == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
