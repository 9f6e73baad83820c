package io.syncid.gateway.service;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

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

    /** A presigned request: send {@code method} to {@code url} before {@code expiresAt}, with {@code headers}. */
    public record Signed(String url, String method, Instant expiresAt, String s3Key, Map<String, String> headers) {
    }

    /** A media type as Content-Type carries it: type/subtype, optional parameters, printable ASCII only. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\\s*;[\\x20-\\x7E]*)?");
    private static final int MAX_CONTENT_TYPE = 255;

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

    /**
     * A PUT URL for exactly {@code size} bytes of {@code contentType}: both are signed headers, so S3 refuses an
     * upload of other bytes or another type. Without a declared type only the size is bound (and the object gets
     * S3's default type).
     */
    public Signed upload(String userId, SyncId syncId, String fileName, String contentType, Long size) {
        checkFileName(fileName);
        checkDeclaration(contentType, size);
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
                .putObjectRequest(PutObjectRequest.builder()
                        .bucket(aws.s3().bucket())
                        .key(key)
                        .contentType(contentType)
                        .contentLength(size)
                        .build()));
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        headers.put("Content-Length", Long.toString(size));
        return new Signed(request.url().toString(), "PUT", expiresAt, key, headers);
    }

    public Signed download(String userId, SyncId syncId, String fileName) {
        checkFileName(fileName);
        access.live(userId, syncId);
        String key = AttachmentKeys.key(userId, syncId, fileName);
        Instant expiresAt = clock.instant().plus(config.presignExpiry());
        var request = presigner.presignGetObject(p -> p.signatureDuration(config.presignExpiry())
                .getObjectRequest(GetObjectRequest.builder().bucket(aws.s3().bucket()).key(key).build()));
        return new Signed(request.url().toString(), "GET", expiresAt, key, Map.of());
    }

    private void checkDeclaration(String contentType, Long size) {
        long max = config.attachments().maxBytes();
        if (size == null || size < 0) {
            throw new Refusal(ErrorCode.VALIDATION_FAILED, "size is required: the attachment's size in bytes, 0 to "
                    + max);
        }
        if (size > max) {
            throw new Refusal(ErrorCode.VALIDATION_FAILED,
                    "size " + size + " exceeds the largest attachment, " + max + " bytes");
        }
        if (contentType != null && (contentType.length() > MAX_CONTENT_TYPE
                || !MEDIA_TYPE.matcher(contentType).matches())) {
            throw new Refusal(ErrorCode.VALIDATION_FAILED,
                    "contentType must be a media type such as application/pdf, at most " + MAX_CONTENT_TYPE
                            + " characters");
        }
    }

    private static void checkFileName(String fileName) {
        String problem = TextLimits.fileNameProblem(fileName);
        if (problem != null) {
            throw new Refusal(ErrorCode.INVALID_FILE_NAME, problem);
        }
    }
}
