package io.syncid.gateway.rest.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of an upload-URL request: what the device will upload, which the URL is then signed for. */
@Schema(description = "The attachment the device will upload: the URL only accepts exactly this type and size")
public record UploadRequest(
        @Schema(description = "Media type sent as Content-Type, e.g. application/pdf; at most 255 characters. "
                + "Without it only the size is bound") String contentType,
        @Schema(required = true, description = "Size in bytes sent as Content-Length, 0 to {max-attachment-bytes}") Long size) {

    /** The example of the API description. */
    public static final String EXAMPLE = """
            {"contentType": "application/pdf", "size": 48213}""";
}
