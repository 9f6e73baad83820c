package io.syncid.migration.legacy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.migration.config.MigrationConfig;
import io.syncid.runtime.aws.AwsConfig;
import io.syncid.runtime.aws.DynamoBatches;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Reads the legacy side: parallel scans of both legacy tables, one document with its files, legacy objects. */
@ApplicationScoped
public class LegacyStore {

    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final MigrationConfig config;
    private final String bucket;

    LegacyStore(DynamoDbClient dynamo, S3Client s3, MigrationConfig config, AwsConfig aws) {
        this.dynamo = dynamo;
        this.s3 = s3;
        this.config = config;
        this.bucket = config.legacyBucket().orElse(aws.s3().bucket());
    }

    /** Every raw item of {@code LegacyDocument}, read with {@link MigrationConfig#scanSegments()} parallel segments. */
    public List<Map<String, AttributeValue>> scanAll() {
        return scan(LegacySchema.DOCUMENTS);
    }

    /**
     * Every raw item of {@code LegacyFileAttachment} by its {@code documentId}, in one parallel scan: a run's tasks
     * carry their documents' attachment items, instead of each worker querying the index once per document.
     */
    public Map<String, List<Map<String, AttributeValue>>> attachmentItemsByDocument() {
        Map<String, List<Map<String, AttributeValue>>> byDocument = new HashMap<>();
        for (Map<String, AttributeValue> item : scan(LegacySchema.ATTACHMENTS)) {
            String documentId = LegacyItems.str(item, LegacySchema.DOCUMENT_ID);
            if (documentId != null) {
                byDocument.computeIfAbsent(documentId, id -> new ArrayList<>(2)).add(item);
            }
        }
        return byDocument;
    }

    private List<Map<String, AttributeValue>> scan(String table) {
        int segments = Math.max(1, config.scanSegments());
        ExecutorService pool = Executors.newFixedThreadPool(segments);
        try {
            List<Future<List<Map<String, AttributeValue>>>> parts = new ArrayList<>();
            for (int s = 0; s < segments; s++) {
                int segment = s;
                parts.add(pool.submit(() -> scanSegment(table, segment, segments)));
            }
            List<Map<String, AttributeValue>> all = new ArrayList<>();
            for (Future<List<Map<String, AttributeValue>>> part : parts) {
                all.addAll(part.get());
            }
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning " + table, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One segment, strongly consistent: the scan is what the run's tasks carry, as the worker's reads were. */
    private List<Map<String, AttributeValue>> scanSegment(String table, int segment, int total) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = dynamo.scan(ScanRequest.builder()
                    .tableName(table)
                    .segment(segment)
                    .totalSegments(total)
                    .consistentRead(true)
                    .exclusiveStartKey(start)
                    .build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** The raw legacy item {@code id} (strongly consistent), if it exists. */
    public Optional<Map<String, AttributeValue>> item(String id) {
        var response = dynamo.getItem(b -> b.tableName(LegacySchema.DOCUMENTS)
                .key(Map.of(LegacySchema.ID, AttributeValue.fromS(id)))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /**
     * The raw legacy items of {@code ids} (strongly consistent), by id; ids without an item are absent. One
     * BatchGetItem per hundred ids instead of a GetItem each: a poll's tasks are read together.
     */
    public Map<String, Map<String, AttributeValue>> items(Collection<String> ids) {
        List<Map<String, AttributeValue>> keys = ids.stream().distinct()
                .map(id -> Map.of(LegacySchema.ID, AttributeValue.fromS(id)))
                .toList();
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (Map<String, AttributeValue> item : DynamoBatches.get(dynamo, LegacySchema.DOCUMENTS, keys,
                b -> b.consistentRead(true))) {
            AttributeValue id = item.get(LegacySchema.ID);
            if (id != null && id.s() != null) {
                found.put(id.s(), item);
            }
        }
        return found;
    }

    /** The raw attachment rows of legacy document {@code id}. */
    public List<Map<String, AttributeValue>> attachmentItems(String id) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamo.query(QueryRequest.builder()
                    .tableName(LegacySchema.ATTACHMENTS)
                    .indexName(LegacySchema.DOCUMENT_ID_INDEX)
                    .keyConditionExpression("#d = :d")
                    .expressionAttributeNames(Map.of("#d", LegacySchema.DOCUMENT_ID))
                    .expressionAttributeValues(new HashMap<>(Map.of(":d", AttributeValue.fromS(id))))
                    .exclusiveStartKey(start)
                    .build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** The legacy document {@code id} with its attachments, checked by {@link LegacyItems}. */
    public Optional<LegacyDocument> document(String id) {
        return item(id).map(item -> LegacyItems.document(item, attachmentItems(id)));
    }

    /** The bytes of a legacy object, or empty when the object no longer exists. */
    public Optional<byte[]> object(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** Whether a legacy object exists (dry-run check, no bytes read). */
    public boolean objectExists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
