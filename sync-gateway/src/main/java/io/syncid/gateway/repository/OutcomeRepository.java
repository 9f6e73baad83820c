package io.syncid.gateway.repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.model.store.OperationOutcome;
import io.syncid.model.store.OperationOutcomesTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Reads the {@code OperationOutcomes} table that the remote-writer fills. */
@ApplicationScoped
public class OutcomeRepository {

    /** DynamoDB's BatchGetItem limit. */
    private static final int BATCH = 100;

    private final DynamoDbClient dynamo;

    OutcomeRepository(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** The recorded outcomes of these opIds, by opId; opIds with nothing recorded are absent. */
    public Map<UUID, OperationOutcome> find(List<UUID> opIds) {
        Map<UUID, OperationOutcome> found = new HashMap<>();
        for (int i = 0; i < opIds.size(); i += BATCH) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (UUID opId : opIds.subList(i, Math.min(opIds.size(), i + BATCH))) {
                keys.add(Map.of(OperationOutcomesTable.OP_ID, AttributeValue.fromS(opId.toString())));
            }
            Map<String, KeysAndAttributes> request = Map.of(OperationOutcomesTable.NAME,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!request.isEmpty()) {
                BatchGetItemResponse response = dynamo
                        .batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(OperationOutcomesTable.NAME,
                        List.of())) {
                    OperationOutcome outcome = OperationOutcome.fromItem(item);
                    found.put(outcome.opId(), outcome);
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }
}
