package io.syncid.gateway.repository;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.model.store.SyncMetadataTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** Reads platform-wide facts from {@code SyncMetadata}: the tombstone retention horizon. */
@ApplicationScoped
public class MetadataRepository {

    private final DynamoDbClient dynamo;

    MetadataRepository(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** Tombstones changed before this instant may be purged; absent until the first purge. */
    public Optional<Instant> retentionHorizon() {
        var response = dynamo.getItem(GetItemRequest.builder()
                .tableName(SyncMetadataTable.NAME)
                .key(Map.of(SyncMetadataTable.KEY, AttributeValue.fromS(SyncMetadataTable.RETENTION_HORIZON_KEY)))
                .consistentRead(true)
                .build());
        if (!response.hasItem() || !response.item().containsKey(SyncMetadataTable.HORIZON_MILLIS)) {
            return Optional.empty();
        }
        return Optional
                .of(Instant.ofEpochMilli(Long.parseLong(response.item().get(SyncMetadataTable.HORIZON_MILLIS).n())));
    }
}
