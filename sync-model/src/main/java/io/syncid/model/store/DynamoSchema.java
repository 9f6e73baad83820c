package io.syncid.model.store;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The DynamoDB tables of the platform as create requests: used by the local runner, tests and operators' tooling. */
public final class DynamoSchema {

    private DynamoSchema() {
    }

    /** Every table, in creation order. */
    public static List<CreateTableRequest> tables() {
        return List.of(documents(), operationOutcomes(), syncMetadata());
    }

    public static CreateTableRequest documents() {
        return CreateTableRequest.builder()
                .tableName(DocumentsTable.NAME)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        string(DocumentsTable.SYNC_ID),
                        string(DocumentsTable.USER_ID),
                        string(DocumentsTable.CHANGE_POS),
                        string(DocumentsTable.LEGACY_ID))
                .keySchema(hash(DocumentsTable.SYNC_ID))
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder()
                                .indexName(DocumentsTable.USER_INDEX)
                                .keySchema(hash(DocumentsTable.USER_ID), range(DocumentsTable.CHANGE_POS))
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                                .build(),
                        GlobalSecondaryIndex.builder()
                                .indexName(DocumentsTable.LEGACY_INDEX)
                                .keySchema(hash(DocumentsTable.LEGACY_ID))
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                                .build())
                .build();
    }

    public static CreateTableRequest operationOutcomes() {
        return CreateTableRequest.builder()
                .tableName(OperationOutcomesTable.NAME)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(OperationOutcomesTable.OP_ID))
                .keySchema(hash(OperationOutcomesTable.OP_ID))
                .build();
    }

    public static CreateTableRequest syncMetadata() {
        return CreateTableRequest.builder()
                .tableName(SyncMetadataTable.NAME)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(SyncMetadataTable.KEY))
                .keySchema(hash(SyncMetadataTable.KEY))
                .build();
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }
}
