package io.syncid.writer.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import io.syncid.model.AttachmentChecksum;
import io.syncid.model.SyncId;
import io.syncid.model.store.AttachmentKeys;
import io.syncid.testkit.S3Server;
import io.syncid.testkit.SyncInfrastructure;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Attachment objects in the test S3 server, where a device would have uploaded them. */
public final class Objects {

    private Objects() {
    }

    public static void upload(S3Server s3, String userId, SyncId syncId, String fileName, byte[] bytes) {
        s3.client().putObject(b -> b.bucket(SyncInfrastructure.BUCKET).key(AttachmentKeys.key(userId, syncId,
                fileName)).contentType("application/pdf"), RequestBody.fromBytes(bytes));
    }

    public static Optional<byte[]> read(S3Server s3, String key) {
        try {
            return Optional.of(s3.client().getObjectAsBytes(b -> b.bucket(SyncInfrastructure.BUCKET).key(key))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code sha256:<hex>} of {@code bytes}, as a device declares it. */
    public static String checksum(byte[] bytes) {
        try {
            return AttachmentChecksum.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
