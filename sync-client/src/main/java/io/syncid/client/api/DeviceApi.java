package io.syncid.client.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.syncid.client.queue.QueuedOperation;
import io.syncid.model.EventJson;
import io.syncid.model.IsoInstant;
import io.syncid.model.SyncId;

/**
 * The device API of SPEC §4 over {@code java.net.http} (HTTP/1.1: the gateway's HTTP/2 upgrade path is not used). Every
 * call takes a fresh token from the caller's supplier; a 401 asks the supplier once more and retries once, so a
 * supplier that refreshes an expired token heals it. Transient failures (503, 429, timeouts, broken connections) are
 * {@link TransientApiException}s, whole-request refusals {@link ApiException}s.
 */
public final class DeviceApi {

    /** At most this many opIds per {@code GET /v1/operations} (SPEC §4). */
    public static final int MAX_OUTCOME_IDS = 100;
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    private static final String JSON = "application/json";
    private static final String LEGACY_MATCHES = "matches";

    private final URI base;
    private final Supplier<String> token;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = EventJson.mapper();

    /**
     * @param base the gateway, e.g. {@code http://localhost:8080}
     * @param token the bearer token (a JWT whose {@code sub} is the user); asked for on every request
     * @param timeout per request; a flush that times out is sent again with the same opIds
     */
    public DeviceApi(URI base, Supplier<String> token, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code POST /v1/changes}: one result per operation, in order. */
    public List<PushResult> push(String deviceId, List<QueuedOperation> operations) {
        List<Map<String, Object>> ops = new ArrayList<>(operations.size());
        for (QueuedOperation op : operations) {
            ops.add(wire(op));
        }
        Map<String, Object> body = Map.of("deviceId", deviceId, "operations", ops);
        JsonNode answer = call("POST", "/v1/changes", EventJson.write(body));
        List<PushResult> results = new ArrayList<>(operations.size());
        for (JsonNode node : answer.path("results")) {
            results.add(json.convertValue(node, PushResult.class));
        }
        if (results.size() != operations.size()) {
            throw new ApiException(202, "UNEXPECTED_ANSWER",
                    "the gateway answered " + results.size() + " results for " + operations.size() + " operations");
        }
        return results;
    }

    /** The JSON of one operation as SPEC §4 spells it. */
    public static Map<String, Object> wire(QueuedOperation op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("opId", op.opId());
        m.put("syncId", op.syncId().toString());
        m.put("type", op.type().name());
        m.put("baseVersion", op.baseVersion());
        m.put("occurredAt", IsoInstant.format(op.occurredAt()));
        if (op.document() != null) {
            m.put("document", op.document());
        }
        if (op.reason() != null) {
            m.put("reason", op.reason());
        }
        return m;
    }

    /** {@code GET /v1/operations}: the outcomes of up to {@value #MAX_OUTCOME_IDS} of this user's opIds. */
    public List<OperationStatus> outcomes(List<String> opIds) {
        if (opIds.isEmpty() || opIds.size() > MAX_OUTCOME_IDS) {
            throw new IllegalArgumentException("ask for 1 to " + MAX_OUTCOME_IDS + " opIds, not " + opIds.size());
        }
        JsonNode answer = call("GET", "/v1/operations?opIds=" + String.join(",", opIds), null);
        List<OperationStatus> statuses = new ArrayList<>(opIds.size());
        for (JsonNode node : answer.path("operations")) {
            statuses.add(json.convertValue(node, OperationStatus.class));
        }
        return statuses;
    }

    /**
     * {@code GET /v1/documents}: one page after {@code cursor} (null: a full pull from the start).
     *
     * @throws ResyncRequiredException when the cursor is older than the retention horizon
     */
    public PullPage pull(String cursor, int limit) {
        String path = "/v1/documents?limit=" + limit
                + (cursor == null ? "" : "&since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        return json.convertValue(call("GET", path, null), PullPage.class);
    }

    /** {@code GET /v1/documents/{syncId}}: live, deleted or missing. */
    public DocumentLookup document(SyncId syncId) {
        try {
            return new DocumentLookup.Live(
                    json.convertValue(call("GET", "/v1/documents/" + syncId, null), RemoteDocument.class));
        } catch (Refused e) {
            if (e.status() == 404) {
                return new DocumentLookup.Missing();
            }
            if (e.status() == 410 && e.body != null && e.body.has("tombstone")) {
                JsonNode t = e.body.get("tombstone");
                return new DocumentLookup.Deleted(new RemoteDocument(syncId.toString(), t.path("version").asLong(),
                        null, null, null, null, null, null, null, null, null, true, instant(t.get("deletedAt")),
                        text(t.get("deletedBy")), text(t.get("reason"))));
            }
            throw e;
        }
    }

    /**
     * {@code GET /v1/legacy/{legacyId}}: the syncId the cloud migration gave one of the user's legacy documents; empty
     * when it has none (not migrated, unknown, or another user's: 404).
     */
    public Optional<String> legacySyncId(String legacyId) {
        if (LEGACY_MATCHES.equals(legacyId)) {
            // That path is the content search: a legacy id spelled "matches" cannot be looked up (the gateway's rule).
            return Optional.empty();
        }
        try {
            JsonNode answer = call("GET", "/v1/legacy/" + pathSegment(legacyId), null);
            return Optional.of(answer.path("syncId").asText());
        } catch (Refused e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * {@code GET /v1/legacy/matches}: the user's live documents with this title (trimmed, case-insensitive), best first;
     * {@code category} and {@code createdAt} may be null.
     */
    public List<LegacyMatch> legacyMatches(String title, String category, Instant createdAt) {
        StringBuilder path = new StringBuilder("/v1/legacy/").append(LEGACY_MATCHES).append("?title=")
                .append(query(title));
        if (category != null) {
            path.append("&category=").append(query(category));
        }
        if (createdAt != null) {
            path.append("&createdAt=").append(query(IsoInstant.format(createdAt)));
        }
        JsonNode answer = call("GET", path.toString(), null);
        List<LegacyMatch> matches = new ArrayList<>();
        for (JsonNode node : answer.path("matches")) {
            matches.add(json.convertValue(node, LegacyMatch.class));
        }
        return matches;
    }

    private static String query(String value) {
        // %20, not the form encoding's "+", so the value reads the same to any server (a literal + is %2B either way).
        return pathSegment(value);
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * A presigned PUT URL for an attachment of the caller's document. The request declares the content type and size
     * (SPEC §4: the URL is signed for exactly those); the bytes are then sent with {@link #upload}.
     */
    public Presigned uploadUrl(SyncId syncId, String fileName, String contentType, long size) {
        Map<String, Object> declared = new LinkedHashMap<>();
        if (contentType != null) {
            declared.put("contentType", contentType);
        }
        declared.put("size", size);
        return json.convertValue(call("POST", attachmentPath(syncId, fileName) + "/upload-url",
                EventJson.write(declared)), Presigned.class);
    }

    /** A presigned GET URL for an attachment of the caller's document. */
    public Presigned downloadUrl(SyncId syncId, String fileName) {
        return json.convertValue(call("POST", attachmentPath(syncId, fileName) + "/download-url", new byte[0]),
                Presigned.class);
    }

    private static String attachmentPath(SyncId syncId, String fileName) {
        return "/v1/documents/" + syncId + "/attachments/" + pathSegment(fileName);
    }

    /** Sends {@code bytes} to a presigned PUT URL (no bearer token: the signature is the authorization). */
    public void upload(Presigned url, byte[] bytes, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.url())).timeout(timeout)
                .method(url.method() == null ? "PUT" : url.method(), HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> response = exchange(request.build());
        if (response.statusCode() / 100 != 2) {
            throw failure(response, "upload of " + url.s3Key());
        }
    }

    /** The bytes behind a presigned GET URL. */
    public byte[] download(Presigned url) {
        HttpResponse<byte[]> response = exchange(HttpRequest.newBuilder(URI.create(url.url())).timeout(timeout)
                .GET().build());
        if (response.statusCode() != 200) {
            throw failure(response, "download of " + url.s3Key());
        }
        return response.body();
    }

    private JsonNode call(String method, String path, byte[] body) {
        HttpResponse<byte[]> response = send(method, path, body, token.get());
        if (response.statusCode() == 401) {
            // The supplier may hand a fresh token now (an expired one is the usual cause).
            response = send(method, path, body, token.get());
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return read(response.body());
        }
        throw failure(response, method + " " + path);
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", JSON);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", JSON).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return exchange(request.build());
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TransientApiException(0, "TIMEOUT", request.uri().getPath() + " timed out after " + timeout,
                    DEFAULT_RETRY_AFTER, e);
        } catch (IOException e) {
            throw new TransientApiException(0, "UNREACHABLE", request.uri().getPath() + ": " + e, DEFAULT_RETRY_AFTER,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientApiException(0, "INTERRUPTED", request.uri().getPath() + " interrupted",
                    DEFAULT_RETRY_AFTER, e);
        }
    }

    private ApiException failure(HttpResponse<byte[]> response, String what) {
        int status = response.statusCode();
        JsonNode problem = readQuietly(response.body());
        String code = problem != null && problem.hasNonNull("code") ? problem.get("code").asText() : "UNKNOWN";
        String detail = problem != null && problem.hasNonNull("detail") ? problem.get("detail").asText() : what;
        if (status == 503 || status == 502 || status == 504 || status == 429) {
            Duration retryAfter = response.headers().firstValue("Retry-After").map(DeviceApi::seconds)
                    .orElse(DEFAULT_RETRY_AFTER);
            return new TransientApiException(status, code, detail, retryAfter, null);
        }
        if (status == 410 && "RESYNC_REQUIRED".equals(code)) {
            return new ResyncRequiredException(detail);
        }
        return new Refused(status, code, detail, problem);
    }

    private static Duration seconds(String header) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }

    private JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            return json.nullNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new ApiException(200, "UNEXPECTED_ANSWER", "the gateway's answer is not JSON: " + e.getMessage(), e);
        }
    }

    private JsonNode readQuietly(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }

    /** A refusal with its problem body kept, for the callers that read extension members (the 410 tombstone). */
    static final class Refused extends ApiException {

        private static final long serialVersionUID = 1L;

        private final transient JsonNode body;

        Refused(int status, String code, String message, JsonNode body) {
            super(status, code, message);
            this.body = body;
        }
    }
}
