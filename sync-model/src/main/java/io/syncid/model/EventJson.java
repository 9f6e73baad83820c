package io.syncid.model;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one JSON setup of the platform's events and the reading and writing every Kafka serde and store codec goes
 * through.
 */
public final class EventJson {

    /** Where the schema version lives in every event. */
    static final String SCHEMA_VERSION = "schemaVersion";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            // Record accessors and constructors through generated lambdas instead of reflection: every event of the
            // ingest path is written through here, and reflective calls were a visible share of the gateway's profile.
            .registerModule(new BlackbirdModule())
            // Same text as JavaTimeModule's (Instant.toString()), written without the general date-time formatter.
            .registerModule(new SimpleModule("syncid-instants").addSerializer(Instant.class,
                    new StdSerializer<Instant>(Instant.class) {
                        private static final long serialVersionUID = 1L;

                        @Override
                        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
                                throws IOException {
                            gen.writeString(IsoInstant.format(value));
                        }
                    }).addDeserializer(Instant.class, new FastInstantDeserializer()))
            // Instants are read by people and by other languages' consumers, so ISO-8601, never epoch numbers.
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A newer producer may add properties; schemaVersion, not a parse error, guards real changes.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Absent optional numbers (baseVersion on a CREATE) mean 0; schemaVersion is checked before binding.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "{...} garbage" is a broken record, not an event followed by noise.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Null properties are omitted, but a null inside a document's free-form fields is user data and stays.
            .setDefaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));

    /**
     * The same setup, except that no integer is read from a string, a fraction or a boolean: the one-pass reading of
     * {@link #read} must accept no record that the checked two-pass reading would refuse ({@code "schemaVersion":"1"}).
     */
    private static final ObjectMapper STRICT_NUMBERS = strictNumbers(MAPPER.copy());

    /**
     * The events read in one pass, each with a reader built once: those whose constructor itself refuses a schema
     * version other than the current one, so the one pass cannot accept what the checked reading refuses.
     */
    private static final Map<Class<?>, ObjectReader> ONE_PASS = Map.of(
            ChangeEvent.class, STRICT_NUMBERS.readerFor(ChangeEvent.class),
            ConsolidatedOperation.class, STRICT_NUMBERS.readerFor(ConsolidatedOperation.class),
            WriteResult.class, STRICT_NUMBERS.readerFor(WriteResult.class),
            MigrationTask.class, STRICT_NUMBERS.readerFor(MigrationTask.class));

    private EventJson() {
    }

    private static ObjectMapper strictNumbers(ObjectMapper mapper) {
        for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.String,
                CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.EmptyString}) {
            mapper.coercionConfigFor(LogicalType.Integer).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /** The shared mapper; configure nothing on it (derive an {@code ObjectReader}/{@code ObjectWriter} instead). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes an event (or any value) as UTF-8 JSON.
     *
     * @throws IllegalArgumentException when the value cannot be serialized, which is a bug in the caller
     */
    public static byte[] write(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            String name = event == null ? "null" : event.getClass().getSimpleName();
            throw new IllegalArgumentException("cannot serialize " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an event. The schema version is checked before anything else, so that a record of a newer schema is
     * reported as such rather than as whatever field changed shape.
     *
     * @throws EventDeserializationException naming the event type and the field, with the {@link ErrorCode} a
     *             dead-letter record carries: {@code UNSUPPORTED_SCHEMA_VERSION}, {@code INVALID_SYNC_ID}, or
     *             {@code POISON_RECORD} for everything else (not JSON, missing or malformed fields, broken
     *             invariants)
     */
    public static <T> T read(byte[] json, Class<T> type) {
        String name = type.getSimpleName();
        if (json == null) {
            throw poison(name + ": record has no value");
        }
        // One pass straight into the record: what every well-formed record of the current schema takes (a third of
        // the consolidator's CPU went to reading each record twice, as a tree and then from it). Whatever this
        // refuses is read again below, which finds the schema version first and names the field that is wrong.
        ObjectReader onePass = ONE_PASS.get(type);
        if (onePass != null) {
            try {
                T value = type.cast(onePass.readValue(json));
                if (value != null) {
                    return value;
                }
            } catch (IOException | RuntimeException e) {
                // Fall through to the checked reading and its error.
            }
        }
        return readChecked(json, type, name);
    }

    /** The two-pass reading: the schema version checked on the tree before binding, errors translated. */
    private static <T> T readChecked(byte[] json, Class<T> type, String name) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new EventDeserializationException(ErrorCode.POISON_RECORD,
                    name + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EventDeserializationException(ErrorCode.POISON_RECORD, name + ": unreadable: " + e, e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw poison(name + ": record is empty");
        }
        if (!tree.isObject()) {
            throw poison(name + ": expected a JSON object, got " + tree.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        checkSchemaVersion(name, tree.get(SCHEMA_VERSION));
        try {
            return MAPPER.readerFor(type).readValue(tree);
        } catch (IOException e) {
            throw translate(name, e);
        }
    }

    private static void checkSchemaVersion(String name, JsonNode version) {
        if (version == null || version.isNull()) {
            throw poison(name + "." + SCHEMA_VERSION + " is required");
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt()) {
            throw poison(name + "." + SCHEMA_VERSION + " must be an integer, got " + version);
        }
        try {
            EventSchema.require(name, version.intValue());
        } catch (UnsupportedSchemaVersionException e) {
            throw new EventDeserializationException(ErrorCode.UNSUPPORTED_SCHEMA_VERSION, e.getMessage(), e);
        }
    }

    private static EventDeserializationException translate(String name, IOException e) {
        String path = e instanceof JsonMappingException m ? path(m) : "";
        String where = path.isEmpty() ? name : name + "." + path;
        Throwable cause = e.getCause();
        if (e instanceof ValueInstantiationException) {
            // A constructor refused the values: its own message already names the record and the field.
            if (cause instanceof InvalidSyncIdException) {
                return new EventDeserializationException(ErrorCode.INVALID_SYNC_ID,
                        where + ": " + cause.getMessage(), e);
            }
            if (cause instanceof UnsupportedSchemaVersionException) {
                return new EventDeserializationException(ErrorCode.UNSUPPORTED_SCHEMA_VERSION,
                        where + ": " + cause.getMessage(), e);
            }
            String message = cause != null && cause.getMessage() != null
                    ? cause.getMessage()
                    : ((ValueInstantiationException) e).getOriginalMessage();
            return new EventDeserializationException(ErrorCode.POISON_RECORD,
                    message.startsWith(name + ".") ? message : where + ": " + message, e);
        }
        if (e instanceof MismatchedInputException mismatch) {
            ErrorCode code = mismatch.getTargetType() == SyncId.class
                    ? ErrorCode.INVALID_SYNC_ID
                    : ErrorCode.POISON_RECORD;
            String detail = e instanceof InvalidFormatException invalid
                    ? "invalid value \"" + invalid.getValue() + "\" (" + invalid.getOriginalMessage() + ")"
                    : mismatch.getOriginalMessage();
            return new EventDeserializationException(code, where + ": " + detail, e);
        }
        String detail = e instanceof JsonMappingException m ? m.getOriginalMessage() : e.getMessage();
        return new EventDeserializationException(ErrorCode.POISON_RECORD, where + ": " + detail, e);
    }

    private static EventDeserializationException poison(String message) {
        return new EventDeserializationException(ErrorCode.POISON_RECORD, message);
    }

    /** The JSON path of a failure, as {@code document.attachments[2].fileName}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
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

    /**
     * Instants as {@code JavaTimeModule} reads them, with the shape every event carries ({@link IsoInstant#format})
     * parsed directly: its general formatter was an eighth of the consolidator's CPU.
     */
    private static final class FastInstantDeserializer extends StdScalarDeserializer<Instant> {

        private static final long serialVersionUID = 1L;

        FastInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = IsoInstant.fastParse(p.getText().trim());
                if (fast != null) {
                    return fast;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }
}
