package io.syncid.gateway.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.syncid.model.Attachment;

/** Attachment metadata as devices see it; the file itself is fetched through a presigned download URL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttachmentView(String fileName, String contentType, Long size, String checksum, String label) {

    public static AttachmentView of(Attachment a) {
        return new AttachmentView(a.fileName(), a.contentType(), a.size(), a.checksum(), a.label());
    }
}
