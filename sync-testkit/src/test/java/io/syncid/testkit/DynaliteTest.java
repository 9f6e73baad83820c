package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
    void aClientDroppingItsRequestMidBodyDoesNotStopTheServer() throws Exception {
        try (Dynalite dynalite = Dynalite.start(null)) {
            dynalite.createTables();
            for (int i = 0; i < 3; i++) {
                // As a SIGKILLed service leaves it: headers and half a body sent, then the connection reset (RST).
                try (Socket socket = new Socket(dynalite.endpoint().getHost(), dynalite.endpoint().getPort())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST / HTTP/1.1\r\nHost: dynamodb\r\nContent-Type: application/x-amz-json-1.0\r\n"
                            + "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 1000\r\n\r\n{\"Limit\":")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(200);
                    socket.setSoLinger(true, 0);
                }
            }
            Thread.sleep(300);
            assertThat(ProcessHandle.of(dynalite.pid()).filter(ProcessHandle::isAlive)).as("dynalite").isPresent();
            assertThat(dynalite.client().listTables().tableNames()).contains(DocumentsTable.NAME);
        }
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
