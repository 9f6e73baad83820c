package io.syncid.writer.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.runtime.aws.AwsConfig;
import io.syncid.writer.config.WriterConfig;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The writer's access to the attachment objects in S3: HEAD (size, and the SHA-256 S3 stored when the upload sent
 * one), a streamed SHA-256 of an object when S3 has none (S3Proxy and uploads without checksums), and CopyObject for
 * conflict copies. A missing object is an answer, not a failure; any other S3 failure is a
 * {@link StorageUnavailableException}, which the consumer retries with backoff (an S3 outage or a misconfigured bucket
 * is never the record's fault).
 */
@ApplicationScoped
public class AttachmentStore {

    /** S3's longest object key, in UTF-8 bytes: a longer key cannot name an object. */
    static final int MAX_KEY_BYTES = 1024;

    private final S3Client s3;
    private final String bucket;
    private final WriterConfig.Attachments config;

    AttachmentStore(S3Client s3, AwsConfig aws, WriterConfig config) {
        this.s3 = s3;
        this.bucket = aws.s3().bucket();
        this.config = config.attachments();
    }

    /** Size of an object and, when S3 stored one for a single-part upload, its SHA-256 digest (else null). */
    public record ObjectInfo(long size, byte[] sha256) {
    }

    /** The object at {@code key}, or empty when there is none. */
    public Optional<ObjectInfo> head(String key) {
        if (!nameable(key)) {
            return Optional.empty();
        }
        try {
            // ChecksumMode.ENABLED asks S3 for the checksum stored with the object; servers without checksums ignore it.
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
            return Optional.of(new ObjectInfo(head.contentLength(), storedSha256(head.checksumSHA256())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new StorageUnavailableException("HEAD " + key, e);
        } catch (SdkException e) {
            throw new StorageUnavailableException("HEAD " + key, e);
        }
    }

    /**
     * The SHA-256 digest of the object at {@code key}, read as a stream (never held in memory); empty when it
     * vanished in between.
     */
    public Optional<byte[]> sha256(String key) {
        MessageDigest digest = newDigest();
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key)
                .overrideConfiguration(o -> o.apiCallTimeout(config.hashTimeout())
                        .apiCallAttemptTimeout(config.hashTimeout())))) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return Optional.of(digest.digest());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new StorageUnavailableException("GET " + key, e);
        } catch (IOException e) {
            throw new StorageUnavailableException("GET " + key, e);
        }
    }

    /**
     * Copies the object at {@code from} to {@code to} (overwriting: the same copy made again after a crash is the same
     * bytes); false when {@code from} does not exist.
     */
    public boolean copy(String from, String to) {
        if (!nameable(from) || !nameable(to)) {
            return false;
        }
        try {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if ("NoSuchKey".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                return false;
            }
            throw new StorageUnavailableException("COPY " + from + " to " + to, e);
        } catch (SdkException e) {
            throw new StorageUnavailableException("COPY " + from + " to " + to, e);
        }
    }

    /** Objects larger than this are compared by size only. */
    public long maxHashBytes() {
        return config.maxHashSize().asLongValue();
    }

    private static boolean nameable(String key) {
        // A file name of 255 code points can make a key longer than S3 allows: no such object can exist, and asking
        // would be answered 400 forever.
        return key.length() * 3 <= MAX_KEY_BYTES || key.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES;
    }

    /** S3's stored checksum (base64 of the digest); a multipart upload's composite checksum ({@code …-N}) is not. */
    private static byte[] storedSha256(String base64) {
        if (base64 == null || base64.isBlank() || base64.contains("-")) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return bytes.length == 32 ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** S3 did not answer, or answered with an error other than "no such object": retried with backoff. */
    public static final class StorageUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StorageUnavailableException(String what, Exception cause) {
            super(what + ": " + cause.getMessage(), cause);
        }
    }
}
