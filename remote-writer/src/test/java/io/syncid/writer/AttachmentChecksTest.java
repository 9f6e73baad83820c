package io.syncid.writer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.model.Attachment;
import io.syncid.model.AttachmentMismatch;
import io.syncid.model.ConsolidatedOperation;
import io.syncid.model.EventSchema;
import io.syncid.model.LegacyOrigin;
import io.syncid.model.OperationType;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.WriteResult;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.S3Server;
import io.syncid.testkit.TopicRecords;
import io.syncid.testkit.quarkus.InjectKafkaBroker;
import io.syncid.testkit.quarkus.InjectS3Server;
import io.syncid.writer.service.AppliedOperation;
import io.syncid.writer.support.Objects;
import io.syncid.writer.support.Ops;
import io.syncid.writer.support.Store;
import io.syncid.writer.support.Topics;

/**
 * Attachments whose object is already in S3 (S3Proxy) when the writer applies their document: a matching object
 * passes, another size or another SHA-256 is reported on the result (the write itself is applied), a missing object
 * is no mismatch (the device uploads later), an IMPORT is not asked about (the migration verified its copies), and S3
 * away is retried, never dead-lettered.
 */
@QuarkusTest
class AttachmentChecksTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] PDF = Objects.bytes("%PDF-1.7 the policy, page one");
    private static final byte[] OTHER = Objects.bytes("%PDF-1.7 the policy, page two");

    @InjectKafkaBroker
    KafkaBroker kafka;

    @InjectS3Server
    S3Server s3;

    @Test
    void anObjectOfTheDeclaredSizeAndChecksumIsNoMismatch() {
        SyncId id = SyncId.random();
        Objects.upload(s3, "alice", id, "policy.pdf", PDF);
        ConsolidatedOperation create = create(id, new Attachment("policy.pdf", "application/pdf",
                (long) PDF.length, Objects.checksum(PDF), null, null));
        Topics.send(kafka.bootstrapServers(), List.of(create), false);

        WriteResult result = awaitResult(create);
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.attachmentMismatches()).isEmpty();
    }

    @Test
    void anObjectOfAnotherSizeIsReportedAndTheCreateIsStillApplied() {
        SyncId id = SyncId.random();
        Objects.upload(s3, "alice", id, "policy.pdf", PDF);
        Attachment declared = new Attachment("policy.pdf", "application/pdf", PDF.length + 100L,
                Objects.checksum(PDF), null, null);
        ConsolidatedOperation create = create(id, declared);
        Topics.send(kafka.bootstrapServers(), List.of(create), false);

        WriteResult result = awaitResult(create);
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.attachmentMismatches()).containsExactly(new AttachmentMismatch("policy.pdf",
                PDF.length + 100L, Objects.checksum(PDF), PDF.length, null));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("sync_attachment_mismatches_total{kind=\"size\"}"));
    }

    @Test
    void anObjectOfTheDeclaredSizeButOtherBytesIsReportedWithItsChecksumOnAnUpdateToo() {
        SyncId id = SyncId.random();
        Objects.upload(s3, "alice", id, "policy.pdf", PDF);
        Objects.upload(s3, "alice", id, "scan.png", OTHER);
        ConsolidatedOperation create = create(id, new Attachment("policy.pdf", "application/pdf",
                (long) PDF.length, Objects.checksum(PDF), null, null));
        // The device declares PDF's bytes for scan.png (same length), but S3 holds OTHER there.
        ConsolidatedOperation update = Ops.op(id, "alice", "dev-a", OperationType.UPDATE, 1, Ops.T0.plusSeconds(1),
                Ops.content("with scan", List.of(
                        new Attachment("policy.pdf", "application/pdf", (long) PDF.length, Objects.checksum(PDF),
                                null, null),
                        new Attachment("scan.png", "image/png", (long) PDF.length, Objects.checksum(PDF), null,
                                null))),
                List.of());
        Topics.send(kafka.bootstrapServers(), List.of(create, update), false);

        assertThat(awaitResult(create).attachmentMismatches()).isEmpty();
        WriteResult result = awaitResult(update);
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.attachmentMismatches()).containsExactly(new AttachmentMismatch("scan.png",
                (long) PDF.length, Objects.checksum(PDF), OTHER.length, Objects.checksum(OTHER)));
    }

    @Test
    void anImportIsNotCheckedAgainstS3TheMigrationVerifiedItsCopies() {
        SyncId id = SyncId.random();
        // Another size and other bytes than declared: only an S3 request could notice, and an IMPORT makes none.
        Objects.upload(s3, "alice", id, "policy.pdf", OTHER);
        ConsolidatedOperation imported = new ConsolidatedOperation(EventSchema.CURRENT_VERSION, id, "alice",
                "syncid-system:migration", OperationType.IMPORT, Ops.content("imported", List.of(new Attachment(
                        "policy.pdf", "application/pdf", PDF.length + 7L, Objects.checksum(PDF), null, null))),
                0, Ops.T0, null, List.of(UUID.randomUUID()), List.of(), Ops.T0, Ops.T0,
                new LegacyOrigin("legacy-" + id, Ops.T0.minusSeconds(86_400), 1));
        Topics.send(kafka.bootstrapServers(), List.of(imported), false);

        WriteResult result = awaitResult(imported);
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.attachmentMismatches()).isEmpty();
    }

    @Test
    void aMissingObjectOrADeclarationWithoutSizeAndChecksumIsNoMismatch() {
        SyncId id = SyncId.random();
        Objects.upload(s3, "alice", id, "undeclared.pdf", PDF);
        ConsolidatedOperation create = create(id,
                new Attachment("later.pdf", "application/pdf", 10L, Objects.checksum(OTHER), null, null),
                new Attachment("undeclared.pdf", "application/pdf", null, null, null, null));
        Topics.send(kafka.bootstrapServers(), List.of(create), false);

        WriteResult result = awaitResult(create);
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.attachmentMismatches()).isEmpty();
    }

    @Test
    void s3FrozenWhileAnAttachmentIsCheckedIsRetriedAndTheMismatchReportedAfterItReturns()
            throws InterruptedException {
        SyncId id = SyncId.random();
        Objects.upload(s3, "alice", id, "policy.pdf", PDF);
        ConsolidatedOperation create = create(id, new Attachment("policy.pdf", "application/pdf", 1L, null, null,
                null));
        s3.pause();
        try {
            Topics.send(kafka.bootstrapServers(), List.of(create), false);
            // Long enough for several attempts, each failing on the SDK's call deadline.
            Thread.sleep(12_000);
        } finally {
            s3.resume();
        }

        WriteResult result = awaitResult(create);
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.attachmentMismatches()).extracting(AttachmentMismatch::foundSize)
                .containsExactly((long) PDF.length);
        assertThat(TopicRecords.readAll(kafka.bootstrapServers(),
                io.syncid.model.Topics.dlq(io.syncid.model.Topics.OPERATIONS)).stream()
                .filter(r -> id.toString().equals(r.key())))
                .as("S3 away is never poison").isEmpty();
    }

    private static ConsolidatedOperation create(SyncId id, Attachment... attachments) {
        return Ops.create(id, "alice", "dev-a", Ops.content("with attachments", List.of(attachments)));
    }

    private WriteResult awaitResult(ConsolidatedOperation op) {
        UUID resultId = AppliedOperation.resultId(op);
        AtomicReference<WriteResult> found = new AtomicReference<>();
        Store.await("a result for " + op.type() + " " + op.syncId(), WAIT, () -> {
            Topics.results(kafka.bootstrapServers()).stream().filter(r -> r.resultId().equals(resultId)).findFirst()
                    .ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }
}
