package io.syncid.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.syncid.model.EventJson;

/**
 * A stand-in gateway for the client's unit tests (JDK HttpServer on a free port) that answers flushes as scripted —
 * 503, a hang past the client's timeout, or 202 with every operation ACCEPTED — and records every flush body. Outcomes
 * are APPLIED, each accepted operation applied at once to a map of documents, which pulls and reads serve.
 */
final class ScriptedGateway implements AutoCloseable {

    /** How to answer one flush. */
    enum Answer {
        UNAVAILABLE, HANG, ACCEPT
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Answer> script;
    private final AtomicInteger flushes = new AtomicInteger();
    private final Map<String, ObjectNode> documents = new LinkedHashMap<>();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    final List<JsonNode> flushBodies = Collections.synchronizedList(new ArrayList<>());
    final List<String> outcomeQueries = Collections.synchronizedList(new ArrayList<>());
    /** {@code GET /v1/legacy/{legacyId}}: legacy id → syncId; unknown ones are 404. */
    final Map<String, String> legacyIds = new ConcurrentHashMap<>();
    /** {@code GET /v1/legacy/matches}: title → the candidates to answer, best first; unknown titles get none. */
    final Map<String, List<Map<String, Object>>> matches = new ConcurrentHashMap<>();
    /** Every legacy request, path and query. */
    final List<String> legacyRequests = Collections.synchronizedList(new ArrayList<>());

    ScriptedGateway(List<Answer> script) throws IOException {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/v1/changes", this::changes);
        server.createContext("/v1/operations", this::operations);
        server.createContext("/v1/documents", this::documents);
        server.createContext("/v1/legacy", this::legacy);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void changes(HttpExchange ex) throws IOException {
        JsonNode body = EventJson.mapper().readTree(ex.getRequestBody());
        flushBodies.add(body);
        int n = flushes.getAndIncrement();
        Answer answer = n < script.size() ? script.get(n) : Answer.ACCEPT;
        switch (answer) {
            case UNAVAILABLE -> answer(ex, 503, Map.of("code", "SERVICE_UNAVAILABLE", "status", 503),
                    Map.of("Retry-After", "1"));
            case HANG -> {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
            }
            case ACCEPT -> {
                ObjectNode out = EventJson.mapper().createObjectNode();
                ArrayNode results = out.putArray("results");
                for (JsonNode op : body.get("operations")) {
                    apply(op);
                    results.addObject().put("opId", op.get("opId").asText()).put("syncId", op.get("syncId").asText())
                            .put("status", "ACCEPTED");
                }
                answer(ex, 202, out, Map.of());
            }
        }
    }

    private void legacy(HttpExchange ex) throws IOException {
        URI uri = ex.getRequestURI();
        legacyRequests.add(uri.getPath() + (uri.getQuery() == null ? "" : "?" + uri.getQuery()));
        String rest = uri.getPath().substring("/v1/legacy/".length());
        if (rest.equals("matches")) {
            String title = null;
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.startsWith("title=")) {
                    title = URLDecoder.decode(pair.substring("title=".length()), StandardCharsets.UTF_8);
                }
            }
            answer(ex, 200, Map.of("matches", matches.getOrDefault(title, List.of())), Map.of());
            return;
        }
        String syncId = legacyIds.get(rest);
        if (syncId == null) {
            answer(ex, 404, Map.of("code", "NOT_FOUND", "status", 404), Map.of());
        } else {
            answer(ex, 200, Map.of("legacyId", rest, "syncId", syncId), Map.of());
        }
    }

    /** A document the server already holds (as the cloud migration or another device left it). */
    synchronized void seed(ObjectNode document) {
        documents.put(document.get("syncId").asText(), document);
    }

    synchronized Map<String, ObjectNode> documents() {
        return Map.copyOf(documents);
    }

    private void operations(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getQuery();
        outcomeQueries.add(query);
        ObjectNode out = EventJson.mapper().createObjectNode();
        ArrayNode ops = out.putArray("operations");
        for (String opId : query.substring("opIds=".length()).split(",")) {
            ops.addObject().put("opId", opId).put("status", "APPLIED").put("version", versions.get(opId));
        }
        answer(ex, 200, out, Map.of());
    }

    /** The accepted operation applied at once, as a writer without conflicts would. */
    private synchronized void apply(JsonNode op) {
        String syncId = op.get("syncId").asText();
        ObjectNode current = documents.get(syncId);
        long version = current == null ? 1 : current.get("version").asLong() + 1;
        ObjectNode doc = op.has("document") ? op.get("document").deepCopy() : EventJson.mapper().createObjectNode();
        doc.put("syncId", syncId).put("version", version).put("deleted", !op.has("document"));
        documents.put(syncId, doc);
        versions.put(op.get("opId").asText(), version);
    }

    private synchronized void documents(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/v1/documents")) {
            answer(ex, 200, Map.of("documents", List.copyOf(documents.values()), "nextCursor", "cursor-1",
                    "hasMore", false), Map.of());
            return;
        }
        ObjectNode doc = documents.get(path.substring(path.lastIndexOf('/') + 1));
        if (doc == null) {
            answer(ex, 404, Map.of("code", "NOT_FOUND"), Map.of());
        } else {
            answer(ex, 200, doc, Map.of());
        }
    }

    private static void answer(HttpExchange ex, int status, Object body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = EventJson.write(body);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    int flushCount() {
        return flushes.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    static String text(JsonNode node) {
        return new String(EventJson.write(node), StandardCharsets.UTF_8);
    }
}
