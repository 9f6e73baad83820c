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

/**
 * Finds who owns existing syncIds, reading only the key and owner of each item. An owner never changes (a syncId is
 * never reassigned or reused), so known owners are remembered in a bounded cache; unknown syncIds are always read.
 */
@ApplicationScoped
public class OwnerRepository {

    private static final int BATCH = 100;
    private static final int CACHE_SIZE = 100_000;

    private final DynamoDbClient dynamo;
    private final Map<SyncId, String> known = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<SyncId, String> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    OwnerRepository(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** Owner userId by syncId, for those that exist. */
    public Map<SyncId, String> owners(Collection<SyncId> syncIds) {
        Map<SyncId, String> owners = new HashMap<>();
        List<SyncId> ids = new ArrayList<>();
        for (SyncId id : new java.util.LinkedHashSet<>(syncIds)) {
            String owner = known.get(id);
            if (owner != null) {
                owners.put(id, owner);
            } else {
                ids.add(id);
            }
        }
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
