package io.syncid.model;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON setup of the platform's events: ISO-8601 instants, unknown properties ignored (a newer producer may add
 * some; schemaVersion guards real changes), nulls omitted.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private EventJson() {
    }

    /** The shared mapper; configure nothing on it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads an event, turning every failure into an {@link EventDeserializationException} that names the event, the
     * field where it can, and the {@link ErrorCode} a dead-letter record carries.
     */
    public static <T> T read(byte[] json, Class<T> type) {
        String name = type.getSimpleName();
        if (json == null) {
            throw new EventDeserializationException(ErrorCode.POISON_RECORD, name + ": record has no value");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnsupportedSchemaVersionException) {
                throw new EventDeserializationException(ErrorCode.UNSUPPORTED_SCHEMA_VERSION, cause.getMessage(), e);
            }
            if (cause instanceof InvalidSyncIdException) {
                throw new EventDeserializationException(ErrorCode.INVALID_SYNC_ID,
                        name + ": " + cause.getMessage(), e);
            }
            throw new EventDeserializationException(ErrorCode.POISON_RECORD,
                    name + ": " + (cause != null ? cause.getMessage() : e.getOriginalMessage()), e);
        } catch (InvalidFormatException e) {
            ErrorCode code = e.getTargetType() == SyncId.class ? ErrorCode.INVALID_SYNC_ID : ErrorCode.POISON_RECORD;
            throw new EventDeserializationException(code,
                    name + "." + path(e) + ": invalid value " + e.getValue() + " (" + e.getOriginalMessage() + ")", e);
        } catch (MismatchedInputException e) {
            String detail = e.getPath().isEmpty() ? e.getOriginalMessage() : path(e) + ": " + e.getOriginalMessage();
            throw new EventDeserializationException(ErrorCode.POISON_RECORD, name + "." + detail, e);
        } catch (IOException e) {
            Throwable root = e.getCause();
            if (root instanceof InvalidSyncIdException) {
                throw new EventDeserializationException(ErrorCode.INVALID_SYNC_ID, name + ": " + root.getMessage(), e);
            }
            throw new EventDeserializationException(ErrorCode.POISON_RECORD,
                    name + ": not valid JSON: " + e.getMessage(),
                    e);
        }
    }

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
