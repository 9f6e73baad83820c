package io.syncid.tombstones.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.runtime.aws.AwsConfig;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The attachments bucket: listing under a prefix and deleting objects, a page (at most 1 000 keys) at a time. */
@ApplicationScoped
public class AttachmentStore {

    private final S3Client s3;
    private final String bucket;

    AttachmentStore(S3Client s3, AwsConfig config) {
        this.s3 = s3;
        this.bucket = config.s3().bucket();
    }

    /** One object of the bucket. */
    public record StoredObject(String key, Instant lastModified) {
    }

    /** Calls {@code page} with every page of objects under {@code prefix} ("" for the whole bucket). */
    public void forEachPage(String prefix, Consumer<List<StoredObject>> page) {
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response response = s3.listObjectsV2(request.build());
            List<StoredObject> objects = new ArrayList<>(response.contents().size());
            for (S3Object o : response.contents()) {
                objects.add(new StoredObject(o.key(), o.lastModified()));
            }
            if (!objects.isEmpty()) {
                page.accept(objects);
            }
            token = Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null;
        } while (token != null);
    }

    /** Deletes every object under {@code prefix}; returns how many were deleted. */
    public int deleteAll(String prefix) {
        int[] deleted = {0};
        forEachPage(prefix, objects -> deleted[0] += delete(objects.stream().map(StoredObject::key).toList()));
        return deleted[0];
    }

    /** Whether nothing is stored under {@code prefix}. */
    public boolean isEmpty(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)).contents().isEmpty();
    }

    /**
     * Deletes these keys (at most 1 000) in one request; returns how many were deleted.
     *
     * @throws IllegalStateException naming the first key S3 refused to delete
     */
    public int delete(List<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(bucket)
                .delete(Delete.builder().objects(ids).quiet(true).build()));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            var first = response.errors().get(0);
            throw new IllegalStateException("S3 refused to delete " + response.errors().size() + " objects, e.g. "
                    + first.key() + ": " + first.code() + " " + first.message());
        }
        return keys.size();
    }

    /** The bucket answers (readiness). */
    public void probe() {
        s3.headBucket(b -> b.bucket(bucket));
    }
}
