package io.syncid.model;

import java.util.List;
import java.util.Objects;

/** Checks shared by the event constructors, so every refusal names the event and the field the same way. */
final class Required {

    private Required() {
    }

    static <T> T field(T value, String event, String field) {
        if (value == null) {
            throw new MissingFieldException(event + "." + field + " is required");
        }
        return value;
    }

    /** An immutable copy of a required list; null elements are refused by name rather than by a bare NPE. */
    static <T> List<T> list(List<T> value, String event, String field) {
        return copyOf(field(value, event, field), event, field);
    }

    /** An immutable copy of an optional list; absent means empty. */
    static <T> List<T> optionalList(List<T> value, String event, String field) {
        return value == null ? List.of() : copyOf(value, event, field);
    }

    static <T> List<T> nonEmptyList(List<T> value, String event, String field) {
        List<T> copy = list(value, event, field);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(event + "." + field + " must not be empty");
        }
        return copy;
    }

    static long notNegative(long value, String event, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(event + "." + field + " must not be negative, got " + value);
        }
        return value;
    }

    private static <T> List<T> copyOf(List<T> value, String event, String field) {
        // Not contains(null): immutable lists throw on that question instead of answering it.
        if (value.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(event + "." + field + " must not contain null");
        }
        return List.copyOf(value);
    }

    /** A required field of an event is absent. */
    static final class MissingFieldException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MissingFieldException(String message) {
            super(message);
        }
    }
}
