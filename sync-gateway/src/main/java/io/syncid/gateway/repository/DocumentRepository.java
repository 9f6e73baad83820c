package io.syncid.gateway.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.model.SyncId;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Reads the {@code Documents} table: one document by syncId, a user's changes by lane through {@code UserIndex}. */
@ApplicationScoped
public class DocumentRepository {

    private final DynamoDbClient dynamo;

    DocumentRepository(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** The document with this syncId, whoever owns it: callers must check ownership. */
    public Optional<DocumentItem> find(SyncId syncId) {
        var response = dynamo.getItem(GetItemRequest.builder()
                .tableName(DocumentsTable.NAME)
                .key(Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(syncId.toString())))
                .consistentRead(true)
                .build());
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(DocumentItemCodec.fromItem(response.item()))
                : Optional.empty();
    }

    /**
     * Up to {@code limit} of the user's documents in one lane with positions after {@code after} (or from the lane's
     * start when null), in position order.
     */
    public List<DocumentItem> changesInLane(String userId, int lane, ChangePosition after, int limit) {
        ChangePosition from = after == null ? ChangePosition.first(lane) : after.successor();
        ChangePosition to = ChangePosition.last(lane);
        List<DocumentItem> out = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(DocumentsTable.NAME)
                    .indexName(DocumentsTable.USER_INDEX)
                    .keyConditionExpression("#u = :u AND #p BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#u", DocumentsTable.USER_ID, "#p", DocumentsTable.CHANGE_POS))
                    .expressionAttributeValues(Map.of(
                            ":u", AttributeValue.fromS(userId),
                            ":from", AttributeValue.fromS(from.encode()),
                            ":to", AttributeValue.fromS(to.encode())))
                    .limit(limit - out.size());
            if (startKey != null) {
                request.exclusiveStartKey(startKey);
            }
            QueryResponse page = dynamo.query(request.build());
            page.items().forEach(item -> out.add(DocumentItemCodec.fromItem(item)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? page.lastEvaluatedKey()
                    : null;
        } while (startKey != null && out.size() < limit);
        return out;
    }

    /** The user's document that came from this legacy id, if migrated. */
    public Optional<DocumentItem> findByLegacyId(String userId, String legacyId) {
        QueryResponse response = dynamo.query(QueryRequest.builder()
                .tableName(DocumentsTable.NAME)
                .indexName(DocumentsTable.LEGACY_INDEX)
                .keyConditionExpression("#l = :l")
                .expressionAttributeNames(Map.of("#l", DocumentsTable.LEGACY_ID))
                .expressionAttributeValues(Map.of(":l", AttributeValue.fromS(legacyId)))
                .build());
        return response.items().stream()
                .map(DocumentItemCodec::fromItem)
                .filter(doc -> doc.isOwnedBy(userId))
                .findFirst();
    }
}
