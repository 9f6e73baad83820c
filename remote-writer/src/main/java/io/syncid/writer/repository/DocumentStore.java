package io.syncid.writer.repository;

import static io.syncid.model.store.DocumentsTable.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.writer.service.AppliedOutcome;
import io.syncid.writer.service.Decision;
import io.syncid.writer.service.StoredDocument;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The writer's access to {@code Documents}: strongly consistent reads and single-item conditional writes only (SPEC
 * §7, no transactions). Every write of an existing item is conditioned on the version and change position that were
 * read, so a zombie replica that lost its partition in a rebalance cannot write a stale state; a create is conditioned
 * on the syncId being free. A write whose condition fails returns false: someone else wrote, read again.
 */
@ApplicationScoped
public class DocumentStore {

    /** Map (M) opId → {@link AppliedOutcome#encode()}: the bounded applied history with each opId's outcome. */
    public static final String APPLIED_OUTCOMES = "appliedOutcomes";
    /** syncId (S) of the conflict copy an unfinished conflict chose, with the operation that chose it. */
    public static final String PENDING_COPY_ID = "pendingCopyId";
    /** {@code operationId()} (S) of the operation that set {@link #PENDING_COPY_ID}. */
    public static final String PENDING_COPY_OP = "pendingCopyOp";

    private static final String EXPECTED = "#v = :v AND #p = :p";

    private final DynamoDbClient dynamo;

    DocumentStore(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** The item of {@code syncId}, read strongly consistent, or empty. */
    public Optional<StoredDocument> read(SyncId syncId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(NAME).consistentRead(true)
                .key(Map.of(SYNC_ID, AttributeValue.fromS(syncId.toString())))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(decode(item));
    }

    /** Creates {@code next} if its syncId is free; false if it is not. */
    public boolean create(StoredDocument next) {
        return put(PutItemRequest.builder().tableName(NAME).item(encode(next))
                .conditionExpression("attribute_not_exists(#s)")
                .expressionAttributeNames(Map.of("#s", SYNC_ID)).build());
    }

    /** Replaces the item with {@code next} if it is still as {@code expected}; clears a conflict mark. */
    public boolean replace(StoredDocument next, Decision.Expected expected) {
        return put(PutItemRequest.builder().tableName(NAME).item(encode(next))
                .conditionExpression(EXPECTED)
                .expressionAttributeNames(Map.of("#v", VERSION, "#p", CHANGE_POS))
                .expressionAttributeValues(expectedValues(expected, Map.of())).build());
    }

    /** Marks the original with the conflict copy chosen by {@code operationId}, if it is still as expected. */
    public boolean mark(SyncId original, Decision.Expected expected, SyncId copyId, UUID operationId) {
        try {
            dynamo.updateItem(b -> b.tableName(NAME)
                    .key(Map.of(SYNC_ID, AttributeValue.fromS(original.toString())))
                    .updateExpression("SET #c = :c, #o = :o")
                    .conditionExpression(EXPECTED)
                    .expressionAttributeNames(
                            Map.of("#v", VERSION, "#p", CHANGE_POS, "#c", PENDING_COPY_ID, "#o", PENDING_COPY_OP))
                    .expressionAttributeValues(expectedValues(expected, Map.of(
                            ":c", AttributeValue.fromS(copyId.toString()),
                            ":o", AttributeValue.fromS(operationId.toString())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Puts a conflict copy under its new syncId: free, or already this very copy (the same operation got this far
     * before a crash). False if the syncId holds something else.
     */
    public boolean putCopy(StoredDocument copy) {
        return put(PutItemRequest.builder().tableName(NAME).item(encode(copy))
                .conditionExpression("attribute_not_exists(#s) OR (#p = :p AND #o = :o)")
                .expressionAttributeNames(Map.of("#s", SYNC_ID, "#p", CHANGE_POS, "#o", CONFLICT_OF))
                .expressionAttributeValues(Map.of(
                        ":p", AttributeValue.fromS(copy.item().changePos().encode()),
                        ":o", AttributeValue.fromS(copy.item().conflictOf().toString())))
                .build());
    }

    private boolean put(PutItemRequest request) {
        try {
            dynamo.putItem(request);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> expectedValues(Decision.Expected expected,
            Map<String, AttributeValue> more) {
        Map<String, AttributeValue> values = new HashMap<>(more);
        values.put(":v", AttributeValue.fromN(Long.toString(expected.version())));
        values.put(":p", AttributeValue.fromS(expected.changePos().encode()));
        return values;
    }

    /** The item's attributes: the shared layout plus the writer's history (no mark: a write clears it). */
    static Map<String, AttributeValue> encode(StoredDocument doc) {
        Map<String, AttributeValue> item = DocumentItemCodec.toItem(doc.item());
        if (!doc.applied().isEmpty()) {
            Map<String, AttributeValue> applied = new HashMap<>();
            doc.applied().forEach((opId, outcome) -> applied.put(opId.toString(),
                    AttributeValue.fromS(outcome.encode())));
            item.put(APPLIED_OUTCOMES, AttributeValue.fromM(applied));
        }
        return item;
    }

    static StoredDocument decode(Map<String, AttributeValue> item) {
        Map<UUID, AppliedOutcome> applied = new HashMap<>();
        AttributeValue history = item.get(APPLIED_OUTCOMES);
        if (history != null && history.hasM()) {
            history.m().forEach((opId, outcome) -> applied.put(UUID.fromString(opId),
                    AppliedOutcome.decode(outcome.s())));
        }
        AttributeValue copyId = item.get(PENDING_COPY_ID);
        AttributeValue copyOp = item.get(PENDING_COPY_OP);
        boolean complete = history != null && applied.size() < StoredDocument.MAX_APPLIED;
        return new StoredDocument(DocumentItemCodec.fromItem(item), applied, complete,
                copyId == null ? null : SyncId.parse(copyId.s()),
                copyOp == null ? null : UUID.fromString(copyOp.s()));
    }
}
