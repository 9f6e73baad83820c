package io.syncid.gateway.rest.dto;

import java.time.Instant;

import io.syncid.gateway.service.AttachmentUrls;

/** A presigned S3 URL: the device sends {@code method} to {@code url} before {@code expiresAt}. */
public record PresignedUrl(String url, String method, Instant expiresAt, String s3Key) {

    public static PresignedUrl of(AttachmentUrls.Signed signed) {
        return new PresignedUrl(signed.url(), signed.method(), signed.expiresAt(), signed.s3Key());
    }
}
