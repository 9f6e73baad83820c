package io.syncid.model;

import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Metadata of one file attached to a document. {@code s3Key} is null in device input and set by the writer to
 * {@code {userId}/{syncId}/{fileName}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Attachment(
        @ValidFileName String fileName,
        @Size(max = 255) String contentType,
        @PositiveOrZero Long size,
        @Size(max = 255) String checksum,
        @Size(max = 255) String label,
        String s3Key) {

    public Attachment {
        Required.field(fileName, "Attachment", "fileName");
    }

    /** The same attachment stored at {@code key}. */
    public Attachment withS3Key(String key) {
        return new Attachment(fileName, contentType, size, checksum, label, key);
    }
}
