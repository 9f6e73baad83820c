package io.syncid.tombstones.repository;

import static io.syncid.model.store.DocumentsTable.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.model.store.SyncMetadataTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * What the tombstone-service reads and writes in DynamoDB: document look-ups, the user's documents through
 * {@code UserIndex}, the purge's one conditional update per tombstone, and the retention horizon in
 * {@code SyncMetadata}. The writer owns {@code Documents}; the only write here is the reservation of SPEC §3.
 */
@ApplicationScoped
public class DocumentStore {

    private final DynamoDbClient dynamo;

    DocumentStore(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** The raw item of a syncId (strongly consistent), or empty. */
    public Optional<Map<String, AttributeValue>> item(SyncId syncId) {
        var response = dynamo.getItem(b -> b.tableName(DocumentsTable.NAME)
                .key(Map.of(SYNC_ID, AttributeValue.fromS(syncId.toString())))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /** Whether {@code userId} has any item in {@code UserIndex} (a live document or an unpurged tombstone). */
    public boolean hasItems(String userId) {
        return !dynamo.query(b -> b.tableName(DocumentsTable.NAME)
                .indexName(USER_INDEX)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", USER_ID))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
                .limit(1)).items().isEmpty();
    }

    /** Every item of {@code userId} in {@code UserIndex} (live documents and unpurged tombstones). */
    public List<DocumentItem> itemsOf(String userId) {
        List<DocumentItem> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(DocumentsTable.NAME)
                    .indexName(USER_INDEX)
                    .keyConditionExpression("#u = :u")
                    .expressionAttributeNames(Map.of("#u", USER_ID))
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            page.items().forEach(item -> out.add(DocumentItemCodec.fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /**
     * Turns a tombstone into the content-free reservation of {@link DocumentsTable#RESERVED} with one conditional
     * update that holds only while the item is still the tombstone at {@code changePos}. Returns false when the
     * condition failed (already reserved by another purge, or no longer that tombstone).
     */
    public boolean reserve(SyncId syncId, String changePos, Instant purgedAt) {
        Map<String, String> names = new HashMap<>();
        names.put("#deleted", DELETED);
        names.put("#changePos", CHANGE_POS);
        names.put("#changedAt", CHANGED_AT_MILLIS);
        names.put("#reserved", RESERVED);
        names.put("#purgedAt", PURGED_AT);
        names.put("#purgedPos", PURGED_CHANGE_POS);
        try {
            dynamo.updateItem(b -> b.tableName(DocumentsTable.NAME)
                    .key(Map.of(SYNC_ID, AttributeValue.fromS(syncId.toString())))
                    .conditionExpression("#deleted = :true AND #changePos = :pos")
                    .updateExpression(
                            "REMOVE #changePos, #changedAt SET #reserved = :true, #purgedAt = :purgedAt, "
                                    + "#purgedPos = :pos")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(
                            ":true", AttributeValue.fromBool(true),
                            ":pos", AttributeValue.fromS(changePos),
                            ":purgedAt", AttributeValue.fromS(purgedAt.toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Advances the retention horizon to {@code horizon} unless it is already there or later (conditional update), so
     * it only ever moves forward, whichever replica purges. Returns whether it moved.
     */
    public boolean advanceHorizon(Instant horizon) {
        try {
            dynamo.updateItem(b -> b.tableName(SyncMetadataTable.NAME)
                    .key(Map.of(SyncMetadataTable.KEY,
                            AttributeValue.fromS(SyncMetadataTable.RETENTION_HORIZON_KEY)))
                    .conditionExpression("attribute_not_exists(#h) OR #h < :h")
                    .updateExpression("SET #h = :h")
                    .expressionAttributeNames(Map.of("#h", SyncMetadataTable.HORIZON_MILLIS))
                    .expressionAttributeValues(
                            Map.of(":h", AttributeValue.fromN(Long.toString(horizon.toEpochMilli())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
