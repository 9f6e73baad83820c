package io.syncid.gateway.rest.dto;

import java.time.Instant;

/** A presigned S3 URL: the device sends {@code method} to {@code url} before {@code expiresAt}. */
public record PresignedUrl(String url, String method, Instant expiresAt, String s3Key) {
}
