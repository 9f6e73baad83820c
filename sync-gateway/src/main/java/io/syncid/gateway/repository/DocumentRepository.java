package io.syncid.gateway.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

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

/**
 * Reads the {@code Documents} table: one document by syncId, a user's changes by lane and a user's live content through
 * {@code UserIndex}, a legacy id through {@code LegacyIndex}.
 */
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
    public LaneRead changesInLane(String userId, int lane, ChangePosition after, int limit) {
        ChangePosition from = after == null ? ChangePosition.first(lane) : after.successor();
        ChangePosition to = ChangePosition.last(lane);
        List<Map<String, AttributeValue>> out = List.of();
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
            if (out.isEmpty()) {
                out = page.items(); // the usual case, one response: its list as it is, not copied again
            } else {
                List<Map<String, AttributeValue>> more = new ArrayList<>(out);
                more.addAll(page.items());
                out = more;
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? page.lastEvaluatedKey()
                    : null;
        } while (startKey != null && out.size() < limit);
        return LaneRead.of(out);
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

    /**
     * The identifying content of one of a user's live documents: what {@link #liveContent} reads of each, for matching a
     * device's local document to it.
     */
    public record LiveContent(SyncId syncId, String title, String category, Instant createdAt, String legacyId) {
    }

    /**
     * Every live (not deleted) document of the user whose title {@code titleMatches}, read page by page through
     * {@code UserIndex} with only the attributes of {@link LiveContent}. The title test runs here, not in DynamoDB: a
     * filter expression cannot compare case-insensitively, and keeping only the matches bounds what is held.
     */
    public List<LiveContent> liveContent(String userId, Predicate<String> titleMatches) {
        Map<String, String> names = new HashMap<>();
        names.put("#u", DocumentsTable.USER_ID);
        names.put("#s", DocumentsTable.SYNC_ID);
        names.put("#t", DocumentsTable.TITLE);
        names.put("#c", DocumentsTable.CATEGORY);
        names.put("#a", DocumentsTable.CREATED_AT);
        names.put("#l", DocumentsTable.LEGACY_ID);
        names.put("#d", DocumentsTable.DELETED);
        List<LiveContent> out = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(DocumentsTable.NAME)
                    .indexName(DocumentsTable.USER_INDEX)
                    .keyConditionExpression("#u = :u")
                    // A tombstone has no title; the marker is tested too so a half-written item never counts as live.
                    .filterExpression("attribute_exists(#t) AND (attribute_not_exists(#d) OR #d = :false)")
                    .projectionExpression("#s, #t, #c, #a, #l")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(
                            ":u", AttributeValue.fromS(userId),
                            ":false", AttributeValue.fromBool(false)));
            if (startKey != null) {
                request.exclusiveStartKey(startKey);
            }
            QueryResponse page = dynamo.query(request.build());
            for (Map<String, AttributeValue> item : page.items()) {
                String title = string(item, DocumentsTable.TITLE);
                if (title != null && titleMatches.test(title)) {
                    String createdAt = string(item, DocumentsTable.CREATED_AT);
                    out.add(new LiveContent(SyncId.parse(string(item, DocumentsTable.SYNC_ID)), title,
                            string(item, DocumentsTable.CATEGORY), createdAt == null ? null : Instant.parse(createdAt),
                            string(item, DocumentsTable.LEGACY_ID)));
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? page.lastEvaluatedKey()
                    : null;
        } while (startKey != null);
        return out;
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
