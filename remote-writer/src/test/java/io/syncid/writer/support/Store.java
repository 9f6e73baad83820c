package io.syncid.writer.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.model.store.OperationOutcome;
import io.syncid.model.store.OperationOutcomesTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads what the writer wrote to dynalite, and waits for it with a generous deadline (never a timing assertion). */
public final class Store {

    private Store() {
    }

    public static Optional<DocumentItem> document(DynamoDbClient dynamo, SyncId syncId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(DocumentsTable.NAME).consistentRead(true)
                .key(Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(syncId.toString())))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(DocumentItemCodec.fromItem(item));
    }

    public static Optional<OperationOutcome> outcome(DynamoDbClient dynamo, UUID opId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(OperationOutcomesTable.NAME)
                .consistentRead(true)
                .key(Map.of(OperationOutcomesTable.OP_ID, AttributeValue.fromS(opId.toString())))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(OperationOutcome.fromItem(item));
    }

    /** The conflict copies of {@code original} (a scan: test tables are small). */
    public static List<DocumentItem> copiesOf(DynamoDbClient dynamo, SyncId original) {
        return dynamo.scanPaginator(b -> b.tableName(DocumentsTable.NAME)
                .filterExpression("#c = :c")
                .expressionAttributeNames(Map.of("#c", DocumentsTable.CONFLICT_OF))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(original.toString()))))
                .items().stream().map(DocumentItemCodec::fromItem).toList();
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; fails with {@code what} then. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
