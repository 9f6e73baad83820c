package io.syncid.gateway.repository;

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

/** Reads the {@code OperationOutcomes} table that the remote-writer fills. */
@ApplicationScoped
public class OutcomeRepository {

    private final DynamoDbClient dynamo;

    OutcomeRepository(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** The recorded outcomes of these opIds, by opId; opIds with nothing recorded are absent. */
    public Map<UUID, OperationOutcome> find(List<UUID> opIds) {
        List<Map<String, AttributeValue>> keys = opIds.stream()
                .map(opId -> Map.of(OperationOutcomesTable.OP_ID, AttributeValue.fromS(opId.toString())))
                .toList();
        Map<UUID, OperationOutcome> found = new HashMap<>();
        for (var item : DynamoBatches.get(dynamo, OperationOutcomesTable.NAME, keys, b -> b.consistentRead(true))) {
            OperationOutcome outcome = OperationOutcome.fromItem(item);
            found.put(outcome.opId(), outcome);
        }
        return found;
    }
}
