package io.syncid.tombstones;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;
import io.syncid.model.store.DocumentsTable;
import io.syncid.testkit.Dynalite;
import io.syncid.testkit.S3Server;
import io.syncid.testkit.quarkus.InjectDynalite;
import io.syncid.testkit.quarkus.InjectS3Server;
import io.syncid.tombstones.service.OrphanSweeper;
import io.syncid.tombstones.support.Fixtures;
import io.syncid.tombstones.support.TestClock;
import io.syncid.tombstones.support.Tokens;
import io.syncid.tombstones.support.TombstoneTestResources;

@QuarkusTest
class OrphanSweepTest {

    static {
        TombstoneTestResources.class.getName();
    }

    @InjectS3Server
    S3Server s3;

    @InjectDynalite
    Dynalite dynalite;

    @Inject
    AgroalDataSource database;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    @Test
    void anUploadWhoseDocumentNeverAppearedIsRemovedAfterTheGracePeriodNotBefore() {
        String neverCreated = Fixtures.upload(s3.client(), "orphan-alice", SyncId.random(), "policy.pdf");
        DocumentItem live = put(Fixtures.live(SyncId.random(), "orphan-alice", Instant.now()));
        String listed = Fixtures.upload(s3.client(), "orphan-alice", live.syncId(), "policy.pdf");
        String unlisted = Fixtures.upload(s3.client(), "orphan-alice", live.syncId(), "dropped.png");

        sweep();
        assertThat(Fixtures.exists(s3.client(), neverCreated)).isTrue();
        assertThat(Fixtures.exists(s3.client(), unlisted)).isTrue();

        TestClock.shift(Duration.ofHours(23));
        sweep();
        assertThat(Fixtures.exists(s3.client(), neverCreated)).isTrue();

        TestClock.shift(Duration.ofHours(25));
        var report = sweep();
        assertThat(report.getInt("orphans")).isGreaterThanOrEqualTo(2);
        assertThat(report.getInt("deleted")).isEqualTo(report.getInt("orphans"));
        assertThat(Fixtures.exists(s3.client(), neverCreated)).isFalse();
        assertThat(Fixtures.exists(s3.client(), unlisted)).isFalse();
        assertThat(Fixtures.exists(s3.client(), listed)).isTrue();
        assertThat(gauge()).isEqualTo((double) report.getInt("orphans"));

        // Nothing is left to find: the rollout's "orphaned_attachments should be 0".
        var again = sweep();
        assertThat(again.getInt("orphans")).isZero();
        assertThat(gauge()).isZero();
        assertThat(Fixtures.exists(s3.client(), listed)).isTrue();
    }

    @Test
    void anAttachmentOfADeletedDocumentIsAnOrphanAtOnce() {
        DocumentItem tombstone = put(Fixtures.tombstone(SyncId.random(), "orphan-bob", 2, Instant.now(), "user"));
        String left = Fixtures.upload(s3.client(), "orphan-bob", tombstone.syncId(), "policy.pdf");

        sweep();

        assertThat(Fixtures.exists(s3.client(), left)).isFalse();
        given().header("Authorization", Tokens.operator("ops-1")).get("/v1/admin/orphan-sweeps/last")
                .then().statusCode(200);
    }

    @Test
    void whileAnotherReplicaSweepsThisOneSkipsItsTurnAndDeletesNothing() throws Exception {
        String orphan = Fixtures.upload(s3.client(), "orphan-carol", SyncId.random(), "policy.pdf");
        TestClock.shift(Duration.ofHours(25));
        // This connection stands for the other replica: it holds the sweep's advisory lock.
        try (Connection other = database.getConnection()) {
            assertThat(advisory(other, "pg_try_advisory_lock")).isTrue();
            var skipped = sweep();
            assertThat(skipped.getString("outcome")).isEqualTo("SKIPPED");
            assertThat(skipped.getInt("scanned")).isZero();
            assertThat(Fixtures.exists(s3.client(), orphan)).isTrue();
            assertThat(advisory(other, "pg_advisory_unlock")).isTrue();
        }
        var ran = sweep();
        assertThat(ran.getString("outcome")).isEqualTo("SUCCEEDED");
        assertThat(Fixtures.exists(s3.client(), orphan)).isFalse();
    }

    private static boolean advisory(Connection session, String function) throws Exception {
        try (PreparedStatement statement = session.prepareStatement("select " + function + "(?)")) {
            statement.setLong(1, OrphanSweeper.LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private io.restassured.path.json.JsonPath sweep() {
        return given().header("Authorization", Tokens.operator("ops-1"))
                .post("/v1/admin/orphan-sweeps")
                .then().statusCode(200).extract().jsonPath();
    }

    private double gauge() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("orphaned_attachments"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow();
    }

    private DocumentItem put(DocumentItem doc) {
        dynalite.client().putItem(b -> b.tableName(DocumentsTable.NAME).item(DocumentItemCodec.toItem(doc)));
        return doc;
    }
}
