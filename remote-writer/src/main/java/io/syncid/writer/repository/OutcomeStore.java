package io.syncid.writer.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.model.store.OperationOutcome;
import io.syncid.model.store.OperationOutcomesTable;
import io.syncid.runtime.aws.DynamoBatches;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code OperationOutcomes}: batch reads for duplicate detection, batch writes of each partition's outcomes. */
@ApplicationScoped
public class OutcomeStore {

    private final DynamoDbClient dynamo;

    OutcomeStore(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** The recorded outcomes of {@code opIds} (strongly consistent); unknown ones are absent. */
    public Map<UUID, OperationOutcome> find(Collection<UUID> opIds) {
        if (opIds.isEmpty()) {
            return Map.of();
        }
        List<Map<String, AttributeValue>> keys = opIds.stream().distinct()
                .map(id -> Map.of(OperationOutcomesTable.OP_ID, AttributeValue.fromS(id.toString())))
                .toList();
        Map<UUID, OperationOutcome> found = new HashMap<>();
        for (Map<String, AttributeValue> item : DynamoBatches.get(dynamo, OperationOutcomesTable.NAME, keys,
                b -> b.consistentRead(true))) {
            OperationOutcome outcome = OperationOutcome.fromItem(item);
            found.put(outcome.opId(), outcome);
        }
        return found;
    }

    /** Writes every outcome (BatchWriteItem, unprocessed items retried with backoff). */
    public void record(List<OperationOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        // BatchWriteItem refuses two puts of one key in a request; the last outcome of an opId is the one that counts.
        Map<UUID, Map<String, AttributeValue>> byOpId = new java.util.LinkedHashMap<>();
        outcomes.forEach(o -> byOpId.put(o.opId(), o.toItem()));
        DynamoBatches.put(dynamo, OperationOutcomesTable.NAME, List.copyOf(byOpId.values()));
    }
}
