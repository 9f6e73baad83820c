package io.syncid.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.model.SyncId;

/** One simulated device of a user, speaking the device API of SPEC §4 through {@link SyncSystem}. */
final class Device {

    private final SyncSystem system;
    final String userId;
    final String deviceId;

    Device(SyncSystem system, String userId, String deviceId) {
        this.system = system;
        this.userId = userId;
        this.deviceId = deviceId;
    }

    static Map<String, Object> create(SyncId syncId, String title) {
        return op(syncId, "CREATE", 0, document(title));
    }

    static Map<String, Object> update(SyncId syncId, long baseVersion, String title) {
        return op(syncId, "UPDATE", baseVersion, document(title));
    }

    static Map<String, Object> delete(SyncId syncId, long baseVersion) {
        return op(syncId, "DELETE", baseVersion, null);
    }

    private static Map<String, Object> op(SyncId syncId, String type, long baseVersion, Map<String, Object> doc) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("opId", UUID.randomUUID().toString());
        op.put("syncId", syncId.toString());
        op.put("type", type);
        op.put("baseVersion", baseVersion);
        op.put("occurredAt", Instant.now().toString());
        if (doc != null) {
            op.put("document", doc);
        }
        return op;
    }

    private static Map<String, Object> document(String title) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", title);
        doc.put("category", "insurance");
        doc.put("fields", Map.of("renewal", "2027-01-31"));
        return doc;
    }

    /** Pushes the operations in one batch; every one must be ACCEPTED. */
    List<Map<String, Object>> push(List<Map<String, Object>> operations) {
        SyncSystem.Answer answer = system.post(userId, "/v1/changes",
                Map.of("deviceId", deviceId, "operations", operations));
        assertThat(answer.status()).as("push answer %s", answer.body()).isEqualTo(202);
        for (JsonNode result : answer.body().get("results")) {
            assertThat(result.get("status").asText()).as("push result %s", result).isEqualTo("ACCEPTED");
        }
        return operations;
    }

    /** Waits until none of the operations is PENDING any more; returns each opId's outcome node. */
    Map<String, JsonNode> settle(List<Map<String, Object>> operations) {
        List<String> opIds = operations.stream().map(o -> (String) o.get("opId")).toList();
        Map<String, JsonNode> settled = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            List<String> open = opIds.stream().filter(id -> !settled.containsKey(id)).toList();
            // GET /v1/operations takes at most 100 opIds per request (SPEC §4).
            for (int i = 0; i < open.size(); i += 100) {
                List<String> chunk = open.subList(i, Math.min(open.size(), i + 100));
                SyncSystem.Answer answer = system.get(userId, "/v1/operations?opIds=" + String.join(",", chunk));
                assertThat(answer.status()).as("operations %s", answer.body()).isEqualTo(200);
                for (JsonNode node : answer.body().get("operations")) {
                    if (!"PENDING".equals(node.get("status").asText())) {
                        settled.put(node.get("opId").asText(), node);
                    }
                }
            }
            if (settled.size() == opIds.size()) {
                Map<String, JsonNode> inOrder = new LinkedHashMap<>();
                opIds.forEach(id -> inOrder.put(id, settled.get(id)));
                return inOrder;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError((opIds.size() - settled.size()) + " of " + opIds.size()
                        + " operations still pending after 120 s");
            }
            SyncSystem.sleep(200);
        }
    }

    SyncSystem.Answer document(SyncId syncId) {
        return system.get(userId, "/v1/documents/" + syncId);
    }

    /** One page of the delta pull after {@code cursor} (null: from the start); must answer 200. */
    SyncSystem.Answer pull(String cursor, int limit) {
        SyncSystem.Answer answer = system.get(userId,
                "/v1/documents?limit=" + limit + (cursor == null ? "" : "&since=" + cursor));
        assertThat(answer.status()).as("pull %s", answer.body()).isEqualTo(200);
        return answer;
    }

    /** Every document of this user by a full pull, page after page; syncId → latest node. */
    Map<String, JsonNode> fullPull() {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        String cursor = null;
        for (int page = 0; page < 10_000; page++) {
            SyncSystem.Answer answer = pull(cursor, 100);
            for (JsonNode doc : answer.body().get("documents")) {
                docs.put(doc.get("syncId").asText(), doc);
            }
            cursor = answer.body().get("nextCursor").asText();
            if (!answer.body().get("hasMore").asBoolean()) {
                return docs;
            }
        }
        throw new AssertionError("pull did not end");
    }

    static List<Map<String, Object>> batch(Map<String, Object>... operations) {
        return new ArrayList<>(List.of(operations));
    }

}
