package io.syncid.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.syncid.model.store.DocumentsTable;
import io.syncid.model.store.DynamoSchema;
import io.syncid.model.store.DynamoTables;
import io.syncid.model.store.OperationOutcomesTable;
import io.syncid.model.store.SyncMetadataTable;
import io.syncid.testkit.Dynalite;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What the DynamoDB tables Job runs ({@code DynamoTables}, from {@code DynamoSchema}) on a real DynamoDB-compatible
 * server: every table with its keys and GSIs, idempotent on a second run, and TTL/PITR never silently skipped where
 * they are required.
 */
class DynamoTablesTest {

    private static Dynalite dynalite;

    @BeforeAll
    static void start() {
        dynalite = Dynalite.start(null);
    }

    @AfterAll
    static void stop() {
        if (dynalite != null) {
            dynalite.close();
        }
    }

    @Test
    void provisionsEveryTableOnceAndThenLeavesThemAlone() {
        DynamoDbClient client = dynalite.client();
        List<String> tables = DynamoSchema.tables().stream().map(t -> t.tableName()).toList();

        DynamoTables.Report first = DynamoTables.provision(client, false);
        assertThat(first.created()).containsExactlyElementsOf(tables);
        assertThat(first.existing()).isEmpty();
        // each protection is either applied or, on a server without the operation, reported: never dropped silently
        assertThat(concat(first.protectedTables(), first.unsupported())).containsExactlyInAnyOrder(
                "TTL " + OperationOutcomesTable.NAME + "." + OperationOutcomesTable.EXPIRES_AT,
                "PITR " + DocumentsTable.NAME);

        TableDescription documents = client.describeTable(b -> b.tableName(DocumentsTable.NAME)).table();
        assertThat(documents.keySchema()).singleElement()
                .satisfies(k -> assertThat(k.attributeName()).isEqualTo(DocumentsTable.SYNC_ID));
        assertThat(documents.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder(DocumentsTable.USER_INDEX, DocumentsTable.LEGACY_INDEX);
        assertThat(client.describeTable(b -> b.tableName(SyncMetadataTable.NAME)).table().keySchema())
                .singleElement().satisfies(k -> assertThat(k.attributeName()).isEqualTo(SyncMetadataTable.KEY));

        client.putItem(b -> b.tableName(SyncMetadataTable.NAME).item(java.util.Map.of(SyncMetadataTable.KEY,
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("kept"))));
        DynamoTables.Report second = DynamoTables.provision(client, false);
        assertThat(second.created()).isEmpty();
        assertThat(second.existing()).containsExactlyElementsOf(tables);
        assertThat(client.scan(b -> b.tableName(SyncMetadataTable.NAME)).count()).isEqualTo(1);

        if (!first.unsupported().isEmpty()) {
            // the production Job sets SYNCID_PROTECTION_REQUIRED=true: a server without TTL/PITR fails it
            assertThatThrownBy(() -> DynamoTables.provision(client, true)).isInstanceOf(DynamoDbException.class);
        }
    }

    @Test
    void protectionsTargetTheSpecifiedTablesAndAttributes() {
        assertThat(DynamoTables.timeToLive()).singleElement().satisfies(ttl -> {
            assertThat(ttl.tableName()).isEqualTo(OperationOutcomesTable.NAME);
            assertThat(ttl.timeToLiveSpecification().attributeName()).isEqualTo(OperationOutcomesTable.EXPIRES_AT);
            assertThat(ttl.timeToLiveSpecification().enabled()).isTrue();
        });
        assertThat(DynamoTables.pointInTimeRecovery()).singleElement().satisfies(pitr -> {
            assertThat(pitr.tableName()).isEqualTo(DocumentsTable.NAME);
            assertThat(pitr.pointInTimeRecoverySpecification().pointInTimeRecoveryEnabled()).isTrue();
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
