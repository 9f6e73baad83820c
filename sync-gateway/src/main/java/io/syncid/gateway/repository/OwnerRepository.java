package io.syncid.gateway.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentsTable;
import io.syncid.runtime.aws.DynamoBatches;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Finds who owns existing syncIds, reading only the key and owner of each item. An owner never changes (a syncId is
 * never reassigned or reused), so known owners are remembered in a bounded cache; unknown syncIds are always read.
 */
@ApplicationScoped
public class OwnerRepository {

    private static final int CACHE_SIZE = 100_000;

    private final DynamoDbClient dynamo;
    private final Cache<SyncId, String> known = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();

    OwnerRepository(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** Owner userId by syncId, for those that exist. */
    public Map<SyncId, String> owners(Collection<SyncId> syncIds) {
        Map<SyncId, String> owners = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (SyncId id : new LinkedHashSet<>(syncIds)) {
            String owner = known.getIfPresent(id);
            if (owner != null) {
                owners.put(id, owner);
            } else {
                keys.add(Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(id.toString())));
            }
        }
        if (keys.isEmpty()) {
            return owners;
        }
        for (var item : DynamoBatches.get(dynamo, DocumentsTable.NAME, keys, b -> b
                .projectionExpression("#s, #u")
                .expressionAttributeNames(Map.of("#s", DocumentsTable.SYNC_ID, "#u", DocumentsTable.USER_ID)))) {
            SyncId id = SyncId.parse(item.get(DocumentsTable.SYNC_ID).s());
            String owner = item.get(DocumentsTable.USER_ID).s();
            owners.put(id, owner);
            known.put(id, owner);
        }
        return owners;
    }
}
