package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncid.model.store.DocumentsTable;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** dynalite is a real DynamoDB implementation: conditional writes refuse the second attempt, GSIs answer queries. */
class DynaliteTest {

    @Test
    void conditionalPutRefusesTheSecondAttemptAndTheUserIndexAnswers() {
        try (Dynalite dynalite = Dynalite.start(null)) {
            dynalite.createTables();
            dynalite.createTables();
            Map<String, AttributeValue> item = Map.of(
                    DocumentsTable.SYNC_ID, AttributeValue.fromS("4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c"),
                    DocumentsTable.USER_ID, AttributeValue.fromS("alice"),
                    DocumentsTable.CHANGE_POS, AttributeValue.fromS("00001:00000000000000000007:00"));
            dynalite.client().putItem(b -> b.tableName(DocumentsTable.NAME).item(item)
                    .conditionExpression("attribute_not_exists(syncId)"));
            assertThatThrownBy(() -> dynalite.client().putItem(b -> b.tableName(DocumentsTable.NAME).item(item)
                    .conditionExpression("attribute_not_exists(syncId)")))
                    .isInstanceOf(ConditionalCheckFailedException.class);

            QueryResponse byUser = dynalite.client().query(b -> b.tableName(DocumentsTable.NAME)
                    .indexName(DocumentsTable.USER_INDEX)
                    .keyConditionExpression("userId = :u AND changePos > :p")
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("alice"),
                            ":p", AttributeValue.fromS("00001:00000000000000000000:00"))));
            assertThat(byUser.items()).hasSize(1);
            assertThat(byUser.items().get(0).get(DocumentsTable.SYNC_ID).s())
                    .isEqualTo("4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c");
        }
    }
}
