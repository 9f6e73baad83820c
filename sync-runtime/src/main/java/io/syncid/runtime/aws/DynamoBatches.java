package io.syncid.runtime.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchGetItem and BatchWriteItem over any number of keys or items: chunked to DynamoDB's limits, and the unprocessed
 * keys or items DynamoDB hands back under load retried with exponential backoff and jitter, as AWS asks, instead of
 * at once. Gives up with {@link UnprocessedException} after {@link #MAX_ATTEMPTS} rounds.
 */
public final class DynamoBatches {

    /** BatchGetItem's limit of keys per request. */
    public static final int GET_LIMIT = 100;
    /** BatchWriteItem's limit of items per request. */
    public static final int WRITE_LIMIT = 25;
    static final int MAX_ATTEMPTS = 10;
    private static final long BASE_BACKOFF_MILLIS = 10;
    private static final long MAX_BACKOFF_MILLIS = 1_000;

    private DynamoBatches() {
    }

    /**
     * Every item of {@code table} whose key is in {@code keys}, in no particular order; keys that match nothing are
     * simply absent. {@code options} adds projection or consistency to each request.
     */
    public static List<Map<String, AttributeValue>> get(DynamoDbClient dynamo, String table,
            List<Map<String, AttributeValue>> keys, UnaryOperator<KeysAndAttributes.Builder> options) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += GET_LIMIT) {
            KeysAndAttributes chunk = options
                    .apply(KeysAndAttributes.builder().keys(keys.subList(i, Math.min(keys.size(), i + GET_LIMIT))))
                    .build();
            Map<String, KeysAndAttributes> request = Map.of(table, chunk);
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                backoffBefore(attempt, table);
                BatchGetItemResponse response = dynamo
                        .batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                found.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }

    /** Puts every item into {@code table} (unconditional: BatchWriteItem has no conditions). */
    public static void put(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
        for (int i = 0; i < items.size(); i += WRITE_LIMIT) {
            List<WriteRequest> writes = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(i, Math.min(items.size(), i + WRITE_LIMIT))) {
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> request = Map.of(table, writes);
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                backoffBefore(attempt, table);
                BatchWriteItemResponse response = dynamo
                        .batchWriteItem(BatchWriteItemRequest.builder().requestItems(request).build());
                request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    /** Sleeps before every attempt but the first: full jitter over an exponentially growing cap. */
    static void backoffBefore(int attempt, String table) {
        if (attempt == 1) {
            return;
        }
        if (attempt > MAX_ATTEMPTS) {
            throw new UnprocessedException(
                    "DynamoDB left part of a batch on " + table + " unprocessed after " + MAX_ATTEMPTS + " attempts");
        }
        long cap = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt - 2, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnprocessedException("interrupted while backing off on " + table, e);
        }
    }

    /** DynamoDB kept refusing part of a batch (throttling): a retriable failure. */
    public static final class UnprocessedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnprocessedException(String message) {
            super(message);
        }

        UnprocessedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
