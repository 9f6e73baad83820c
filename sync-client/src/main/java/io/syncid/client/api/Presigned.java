package io.syncid.client.api;

import java.time.Instant;

/** A presigned S3 request for one attachment: send {@code method} to {@code url} before {@code expiresAt}. */
public record Presigned(String url, String method, Instant expiresAt, String s3Key) {
}
