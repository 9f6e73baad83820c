package io.syncid.gateway.rest.dto;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.syncid.gateway.service.AttachmentUrls;

/**
 * A presigned S3 URL: the device sends {@code method} to {@code url} before {@code expiresAt}, with exactly
 * {@code headers} (an upload's Content-Type and Content-Length, which the URL is signed for).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PresignedUrl(String url, String method, Instant expiresAt, String s3Key,
        @Schema(description = "Headers the request must carry with exactly these values (uploads: Content-Type and "
                + "Content-Length); absent for downloads") Map<String, String> headers) {

    public static PresignedUrl of(AttachmentUrls.Signed signed) {
        return new PresignedUrl(signed.url(), signed.method(), signed.expiresAt(), signed.s3Key(), signed.headers());
    }
}
