package io.syncid.model;

import org.apache.kafka.common.errors.SerializationException;

/** An event could not be read; carries the code a dead-letter record is tagged with. */
public class EventDeserializationException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public EventDeserializationException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public EventDeserializationException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
