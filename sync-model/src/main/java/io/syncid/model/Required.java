package io.syncid.model;

/** Null checks for event constructors whose messages name the event and the field. */
final class Required {

    private Required() {
    }

    static <T> T field(T value, String event, String field) {
        if (value == null) {
            throw new MissingFieldException(event + "." + field + " is required");
        }
        return value;
    }

    /** A required field of an event is absent. */
    static final class MissingFieldException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MissingFieldException(String message) {
            super(message);
        }
    }
}
