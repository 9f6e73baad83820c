package io.syncid.migration.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.runtime.aws.DynamoBatches;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads the {@code Documents} table (the worker never writes it: SPEC §1, §9): before assigning, for validation. */
@ApplicationScoped
public class DocumentsStore {

    private final DynamoDbClient dynamo;

    DocumentsStore(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** The document {@code syncId}, read strongly consistent. */
    public Optional<DocumentItem> get(SyncId syncId) {
        var response = dynamo.getItem(b -> b.tableName(DocumentsTable.NAME)
                .key(Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(syncId.toString())))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(DocumentItemCodec.fromItem(response.item()))
                : Optional.empty();
    }

    /** Every document of {@code syncIds} that exists, by syncId. */
    public Map<SyncId, DocumentItem> getAll(List<SyncId> syncIds) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (SyncId id : syncIds) {
            keys.add(Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(id.toString())));
        }
        Map<SyncId, DocumentItem> found = new HashMap<>();
        for (Map<String, AttributeValue> item : DynamoBatches.get(dynamo, DocumentsTable.NAME, keys,
                b -> b.consistentRead(true))) {
            DocumentItem doc = DocumentItemCodec.fromItem(item);
            found.put(doc.syncId(), doc);
        }
        return found;
    }
}
