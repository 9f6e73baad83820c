package io.syncid.gateway.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentsTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Finds who owns existing syncIds, reading only the key and owner of each item. */
@ApplicationScoped
public class OwnerRepository {

    private static final int BATCH = 100;

    private final DynamoDbClient dynamo;

    OwnerRepository(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** Owner userId by syncId, for those that exist. */
    public Map<SyncId, String> owners(Collection<SyncId> syncIds) {
        List<SyncId> ids = List.copyOf(new java.util.LinkedHashSet<>(syncIds));
        Map<SyncId, String> owners = new HashMap<>();
        for (int i = 0; i < ids.size(); i += BATCH) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (SyncId id : ids.subList(i, Math.min(ids.size(), i + BATCH))) {
                keys.add(Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(id.toString())));
            }
            Map<String, KeysAndAttributes> request = Map.of(DocumentsTable.NAME, KeysAndAttributes.builder()
                    .keys(keys)
                    .projectionExpression("#s, #u")
                    .expressionAttributeNames(Map.of("#s", DocumentsTable.SYNC_ID, "#u", DocumentsTable.USER_ID))
                    .build());
            while (!request.isEmpty()) {
                BatchGetItemResponse response = dynamo
                        .batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                for (var item : response.responses().getOrDefault(DocumentsTable.NAME, List.of())) {
                    owners.put(SyncId.parse(item.get(DocumentsTable.SYNC_ID).s()),
                            item.get(DocumentsTable.USER_ID).s());
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return owners;
    }
}
