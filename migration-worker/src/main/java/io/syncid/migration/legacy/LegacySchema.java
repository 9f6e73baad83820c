package io.syncid.migration.legacy;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The legacy data an Amplify DataStore app left behind (SPEC §9), as table layouts and create requests: the
 * {@code LegacyDocument} table keyed by the old {@code id}, and {@code LegacyFileAttachment} related to it by
 * {@code documentId} (GSI {@link #DOCUMENT_ID_INDEX}); the objects live at {@code private/{owner}/{documentId}/{fileName}}.
 */
public final class LegacySchema {

    public static final String DOCUMENTS = "LegacyDocument";
    public static final String ATTACHMENTS = "LegacyFileAttachment";
    /** GSI of {@link #ATTACHMENTS}: partition key {@link #DOCUMENT_ID}. */
    public static final String DOCUMENT_ID_INDEX = "byDocument";

    /** Key (S) of both tables: the old id. */
    public static final String ID = "id";
    /** The owning userId (S), as the DataStore owner auth rule stored it. */
    public static final String OWNER = "owner";
    public static final String TITLE = "title";
    public static final String CATEGORY = "category";
    /** ISO date (S), mapped into {@code fields.renewalDate}. */
    public static final String RENEWAL_DATE = "renewalDate";
    /** Free text (S), mapped into {@code fields.notes}. */
    public static final String NOTES = "notes";
    /** ISO-8601 instants (S). */
    public static final String CREATED_AT = "createdAt";
    public static final String LAST_MODIFIED = "lastModified";
    /** The app's own version counter (N). */
    public static final String VERSION = "version";
    /** The app's soft-delete flag (BOOL). */
    public static final String DELETED = "deleted";
    /** DataStore's conflict-detection version (N). */
    public static final String DS_VERSION = "_version";
    /** DataStore's soft-delete flag (BOOL). */
    public static final String DS_DELETED = "_deleted";
    /** DataStore's last change, epoch millis (N). */
    public static final String DS_LAST_CHANGED_AT = "_lastChangedAt";
    /** A syncId a newer app version wrote (S), sometimes upper case, invalid or shared: never trusted blindly. */
    public static final String SYNC_ID = "syncId";

    /** {@link #ATTACHMENTS}: the related {@code LegacyDocument.id} (S). */
    public static final String DOCUMENT_ID = "documentId";
    public static final String FILE_NAME = "fileName";
    public static final String LABEL = "label";
    /** Size in bytes as the app recorded it (N). */
    public static final String FILE_SIZE = "fileSize";
    /** Object key in the legacy layout (S). */
    public static final String S3_KEY = "s3Key";

    private LegacySchema() {
    }

    /** The legacy object key of a file: {@code private/{owner}/{documentId}/{fileName}}. */
    public static String objectKey(String owner, String documentId, String fileName) {
        return "private/" + owner + "/" + documentId + "/" + fileName;
    }

    /** Both tables, in creation order. */
    public static List<CreateTableRequest> tables() {
        return List.of(documents(), attachments());
    }

    /** Creates the tables that do not exist yet. */
    public static void createIfAbsent(DynamoDbClient dynamo) {
        for (CreateTableRequest table : tables()) {
            try {
                dynamo.createTable(table);
            } catch (ResourceInUseException e) {
                // Already there: the generator adds to an existing legacy data set.
            }
        }
    }

    public static CreateTableRequest documents() {
        return CreateTableRequest.builder()
                .tableName(DOCUMENTS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(ID))
                .keySchema(KeySchemaElement.builder().attributeName(ID).keyType(KeyType.HASH).build())
                .build();
    }

    public static CreateTableRequest attachments() {
        return CreateTableRequest.builder()
                .tableName(ATTACHMENTS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(ID), string(DOCUMENT_ID))
                .keySchema(KeySchemaElement.builder().attributeName(ID).keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(DOCUMENT_ID_INDEX)
                        .keySchema(KeySchemaElement.builder().attributeName(DOCUMENT_ID).keyType(KeyType.HASH).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }
}
