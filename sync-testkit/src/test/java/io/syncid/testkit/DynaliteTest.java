package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncid.model.store.DocumentsTable;
import io.syncid.testkit.internal.TempDirs;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** dynalite is a real DynamoDB implementation: conditional writes refuse the second attempt, GSIs answer queries. */
class DynaliteTest {

    private static final String ID = "4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c";

    private static final Map<String, AttributeValue> ITEM = Map.of(
            DocumentsTable.SYNC_ID, AttributeValue.fromS(ID),
            DocumentsTable.USER_ID, AttributeValue.fromS("alice"),
            DocumentsTable.CHANGE_POS, AttributeValue.fromS("00001:00000000000000000007:00"));

    @Test
    void conditionalPutRefusesTheSecondAttemptAndTheUserIndexAnswers() {
        long pid;
        try (Dynalite dynalite = Dynalite.start(null)) {
            pid = dynalite.pid();
            dynalite.createTables();
            dynalite.createTables();
            dynalite.client().putItem(b -> b.tableName(DocumentsTable.NAME).item(ITEM)
                    .conditionExpression("attribute_not_exists(syncId)"));
            assertThatThrownBy(() -> dynalite.client().putItem(b -> b.tableName(DocumentsTable.NAME).item(ITEM)
                    .conditionExpression("attribute_not_exists(syncId)")))
                    .isInstanceOf(ConditionalCheckFailedException.class);

            QueryResponse byUser = dynalite.client().query(b -> b.tableName(DocumentsTable.NAME)
                    .indexName(DocumentsTable.USER_INDEX)
                    .keyConditionExpression("userId = :u AND changePos > :p")
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("alice"),
                            ":p", AttributeValue.fromS("00001:00000000000000000000:00"))));
            assertThat(byUser.items()).hasSize(1);
            assertThat(byUser.items().get(0).get(DocumentsTable.SYNC_ID).s()).isEqualTo(ID);
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("dynalite after close").isEmpty();
    }

    @Test
    void aDataDirectoryKeepsTablesAndItemsAcrossStarts() {
        Path dir = TempDirs.create("dynalite-kept-");
        try {
            try (Dynalite dynalite = Dynalite.start(dir)) {
                dynalite.createTables();
                dynalite.client().putItem(b -> b.tableName(DocumentsTable.NAME).item(ITEM));
            }
            try (Dynalite dynalite = Dynalite.start(dir)) {
                dynalite.createTables();
                assertThat(dynalite.client().getItem(b -> b.tableName(DocumentsTable.NAME)
                        .key(Map.of(DocumentsTable.SYNC_ID, AttributeValue.fromS(ID)))).item()).isEqualTo(ITEM);
            }
        } finally {
            TempDirs.delete(dir);
        }
    }
}
