package io.syncid.client.api;

import java.time.Duration;

/**
 * The request may have reached the gateway or not: 503 (Kafka could not take the batch), a timeout, a broken
 * connection. The caller sends the same request again later (a flush with the same opIds), after {@link #retryAfter}.
 */
public class TransientApiException extends ApiException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public TransientApiException(int status, String code, String message, Duration retryAfter, Throwable cause) {
        super(status, code, message, cause);
        this.retryAfter = retryAfter;
    }

    /** The gateway's {@code Retry-After}, or a default when it gave none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
