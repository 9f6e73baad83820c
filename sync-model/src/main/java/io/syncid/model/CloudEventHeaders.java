package io.syncid.model;

/** Names of the CloudEvents binary-mode Kafka headers (SPEC §5) and of the DLQ error headers. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    /** opId for operations, a result id for outcomes. */
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    /** The syncId the event concerns. */
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    /** Event types, reverse-DNS style, one per event record. */
    public static final String TYPE_CHANGE = "io.syncid.change.v1";
    public static final String TYPE_OPERATION = "io.syncid.operation.v1";
    public static final String TYPE_RESULT = "io.syncid.result.v1";
    public static final String TYPE_MIGRATION_TASK = "io.syncid.migration.task.v1";

    /** Headers a consumer adds when it sends a record to its dead-letter topic. */
    public static final String DLQ_ERROR_CODE = "syncid-error-code";
    public static final String DLQ_ERROR_MESSAGE = "syncid-error-message";
    /** Where a dead-letter record came from: topic, partition and offset of the original record. */
    public static final String DLQ_SOURCE_TOPIC = "syncid-source-topic";
    public static final String DLQ_SOURCE_PARTITION = "syncid-source-partition";
    public static final String DLQ_SOURCE_OFFSET = "syncid-source-offset";

    private CloudEventHeaders() {
    }
}
