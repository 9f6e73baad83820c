package io.syncid.client.api;

/**
 * A whole request refused by the gateway (RFC 9457 problem+json): the HTTP status and the stable {@code code}. Not
 * retried as it is: the request itself is wrong or not allowed.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(status + " " + code + ": " + message);
        this.status = status;
        this.code = code;
    }

    public ApiException(int status, String code, String message, Throwable cause) {
        super(status + " " + code + ": " + message, cause);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status (0 when no answer arrived). */
    public int status() {
        return status;
    }

    /** The problem's {@code code} (e.g. {@code SERVICE_UNAVAILABLE}); {@code UNKNOWN} without a problem body. */
    public String code() {
        return code;
    }
}
