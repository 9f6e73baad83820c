package io.syncid.gateway.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.syncid.model.SyncId;

/** Builders of {@code POST /v1/changes} bodies as plain maps, so tests can also build wrong ones. */
public final class Ops {

    private Ops() {
    }

    public static String newOpId() {
        return SyncId.random().toString();
    }

    public static Map<String, Object> create(String syncId) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("opId", newOpId());
        op.put("syncId", syncId);
        op.put("type", "CREATE");
        op.put("occurredAt", Instant.now().toString());
        op.put("document", document("Home insurance"));
        return op;
    }

    public static Map<String, Object> update(String syncId, long baseVersion) {
        Map<String, Object> op = create(syncId);
        op.put("type", "UPDATE");
        op.put("baseVersion", baseVersion);
        return op;
    }

    public static Map<String, Object> delete(String syncId, long baseVersion) {
        Map<String, Object> op = create(syncId);
        op.put("type", "DELETE");
        op.put("baseVersion", baseVersion);
        op.remove("document");
        op.put("reason", "user");
        return op;
    }

    public static Map<String, Object> document(String title) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", title);
        doc.put("category", "insurance");
        doc.put("fields", new LinkedHashMap<>(Map.of("renewal", "2027-01-31", "premium", 420)));
        List<Object> attachments = new ArrayList<>();
        attachments.add(new LinkedHashMap<>(Map.of("fileName", "policy.pdf", "contentType", "application/pdf",
                "size", 48213, "checksum", "sha256:abc")));
        doc.put("attachments", attachments);
        return doc;
    }

    public static Map<String, Object> batch(String deviceId, List<?> operations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceId", deviceId);
        body.put("operations", operations);
        return body;
    }

    public static String uniqueDevice() {
        return "device-" + UUID.randomUUID();
    }
}
