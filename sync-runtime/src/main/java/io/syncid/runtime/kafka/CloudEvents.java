package io.syncid.runtime.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.syncid.model.CloudEventHeaders;

/**
 * Builds the CloudEvents binary-mode headers of SPEC §5 for every record the services produce: {@code ce_specversion},
 * {@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_subject} (the syncId) and {@code content-type}. The
 * values every record of a service repeats are encoded once.
 */
public final class CloudEvents {

    private static final byte[] SPEC_VERSION = utf8(CloudEventHeaders.SPEC_VERSION_VALUE);
    private static final byte[] JSON = utf8(CloudEventHeaders.JSON);
    private static final Map<String, byte[]> CONSTANTS = new ConcurrentHashMap<>();

    private final byte[] type;
    private final byte[] source;

    private CloudEvents(String type, String source) {
        this.type = constant(type);
        this.source = constant(source);
    }

    /** Headers of events of {@code type} (e.g. {@link CloudEventHeaders#TYPE_OPERATION}) from {@code source}. */
    public static CloudEvents of(String type, String source) {
        return new CloudEvents(type, source);
    }

    /** Fresh headers for one event with this id and subject. */
    public RecordHeaders headers(String id, String subject) {
        RecordHeaders headers = new RecordHeaders();
        addTo(headers, id, subject);
        return headers;
    }

    /** Adds this event's headers to {@code headers}. */
    public Headers addTo(Headers headers, String id, String subject) {
        headers.add(CloudEventHeaders.SPEC_VERSION, SPEC_VERSION);
        headers.add(CloudEventHeaders.ID, utf8(id));
        headers.add(CloudEventHeaders.TYPE, type);
        headers.add(CloudEventHeaders.SOURCE, source);
        headers.add(CloudEventHeaders.SUBJECT, utf8(subject));
        headers.add(CloudEventHeaders.CONTENT_TYPE, JSON);
        return headers;
    }

    /** The text of the last header {@code name}, or null. */
    public static String text(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] constant(String value) {
        return CONSTANTS.computeIfAbsent(value, CloudEvents::utf8);
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
