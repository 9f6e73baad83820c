package io.syncid.gateway.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.gateway.config.GatewayConfig;
import io.syncid.gateway.repository.DocumentRepository;
import io.syncid.model.ErrorCode;
import io.syncid.model.SyncId;
import io.syncid.model.store.AttachmentKeys;
import io.syncid.model.store.DocumentItem;
import io.syncid.runtime.aws.AwsConfig;

import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigns attachment URLs at exactly {@code {userId}/{syncId}/{fileName}}. An upload may precede the document's first
 * write (a device uploads right after flushing its CREATE), so an unknown syncId is allowed for uploads: the key
 * starts with the caller's own userId, so nobody can write into another user's space. An existing document must be
 * the caller's (else NOT_FOUND) and live (else TOMBSTONED).
 */
@ApplicationScoped
public class AttachmentUrls {

    /** A presigned request: send {@code method} to {@code url} before {@code expiresAt}. */
    public record Signed(String url, String method, Instant expiresAt, String s3Key) {
    }

    private final S3Presigner presigner;
    private final DocumentRepository documents;
    private final DocumentAccess access;
    private final AwsConfig aws;
    private final GatewayConfig config;
    private final Clock clock;

    AttachmentUrls(S3Presigner presigner, DocumentRepository documents, DocumentAccess access, AwsConfig aws,
            GatewayConfig config, Clock clock) {
        this.presigner = presigner;
        this.documents = documents;
        this.access = access;
        this.aws = aws;
        this.config = config;
        this.clock = clock;
    }

    public Signed upload(String userId, SyncId syncId, String fileName) {
        checkFileName(fileName);
        DocumentItem doc = documents.find(syncId).orElse(null);
        if (doc != null) {
            if (!doc.isOwnedBy(userId)) {
                throw DocumentAccess.notFound(syncId);
            }
            if (doc.deleted()) {
                throw DocumentAccess.tombstoned(doc);
            }
        }
        String key = AttachmentKeys.key(userId, syncId, fileName);
        Instant expiresAt = clock.instant().plus(config.presignExpiry());
        var request = presigner.presignPutObject(p -> p.signatureDuration(config.presignExpiry())
                .putObjectRequest(PutObjectRequest.builder().bucket(aws.s3().bucket()).key(key).build()));
        return new Signed(request.url().toString(), "PUT", expiresAt, key);
    }

    public Signed download(String userId, SyncId syncId, String fileName) {
        checkFileName(fileName);
        access.live(userId, syncId);
        String key = AttachmentKeys.key(userId, syncId, fileName);
        Instant expiresAt = clock.instant().plus(config.presignExpiry());
        var request = presigner.presignGetObject(p -> p.signatureDuration(config.presignExpiry())
                .getObjectRequest(GetObjectRequest.builder().bucket(aws.s3().bucket()).key(key).build()));
        return new Signed(request.url().toString(), "GET", expiresAt, key);
    }

    private static void checkFileName(String fileName) {
        String problem = TextLimits.fileNameProblem(fileName);
        if (problem != null) {
            throw new Refusal(ErrorCode.INVALID_FILE_NAME, problem);
        }
    }
}
