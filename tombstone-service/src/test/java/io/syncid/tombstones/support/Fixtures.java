package io.syncid.tombstones.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.syncid.model.Attachment;
import io.syncid.model.EventSchema;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.WriteResult;
import io.syncid.model.store.AttachmentKeys;
import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.testkit.SyncInfrastructure;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Results, documents and objects as the writer and devices would make them. */
public final class Fixtures {

    private static long offsets = System.nanoTime() % 1_000_000_000L;

    private Fixtures() {
    }

    /** The writer's DELETED result for a syncId. */
    public static WriteResult deleted(SyncId syncId, String userId, Instant deletedAt) {
        return new WriteResult(EventSchema.CURRENT_VERSION, UUID.randomUUID(), syncId, userId, "device-1",
                Outcome.DELETED, null, 2, List.of(UUID.randomUUID()), null, null, deletedAt, "device-1", "user",
                deletedAt);
    }

    /** The writer's APPLIED result for a syncId. */
    public static WriteResult applied(SyncId syncId, String userId) {
        Instant now = Instant.now();
        return new WriteResult(EventSchema.CURRENT_VERSION, UUID.randomUUID(), syncId, userId, "device-1",
                Outcome.APPLIED, null, 1, List.of(UUID.randomUUID()), null, null, null, null, null, now);
    }

    /** A live document with one attachment {@code policy.pdf}, changed at {@code at}. */
    public static DocumentItem live(SyncId syncId, String userId, Instant at) {
        return new DocumentItem(syncId, userId, "Home insurance", "insurance", Map.of("renewal", "2027-01-31"),
                List.of(new Attachment("policy.pdf", "application/pdf", 10L, "sha256:x", null,
                        AttachmentKeys.key(userId, syncId, "policy.pdf"))),
                at, at, 1, "hash", null, null, false, null, null, null, List.of(), "device-1", nextPosition(),
                at.toEpochMilli());
    }

    /** The tombstone the writer leaves for a deleted document, changed at {@code at}. */
    public static DocumentItem tombstone(SyncId syncId, String userId, long version, Instant at, String reason) {
        return new DocumentItem(syncId, userId, null, null, null, null, at, at, version, null, null, null, true, at,
                "device-1", reason, List.of(), "device-1", nextPosition(), at.toEpochMilli());
    }

    public static synchronized ChangePosition nextPosition() {
        return new ChangePosition(1, ++offsets, 0);
    }

    /** Uploads a small object at {@code {userId}/{syncId}/{fileName}}. */
    public static String upload(S3Client s3, String userId, SyncId syncId, String fileName) {
        String key = AttachmentKeys.key(userId, syncId, fileName);
        s3.putObject(b -> b.bucket(SyncInfrastructure.BUCKET).key(key), RequestBody.fromString("bytes of " + key));
        return key;
    }

    public static boolean exists(S3Client s3, String key) {
        return !s3.listObjectsV2(b -> b.bucket(SyncInfrastructure.BUCKET).prefix(key)).contents().isEmpty();
    }

    public static int count(S3Client s3, String prefix) {
        int[] n = {0};
        s3.listObjectsV2Paginator(b -> b.bucket(SyncInfrastructure.BUCKET).prefix(prefix))
                .forEach(page -> n[0] += page.contents().size());
        return n[0];
    }

    /** Polls until {@code condition} holds, failing with {@code what} after 90 s (the machine is shared). */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
