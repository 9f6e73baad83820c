package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.syncid.gateway.support.ChangesTopic;
import io.syncid.gateway.support.Ops;
import io.syncid.gateway.support.Tokens;
import io.syncid.model.SyncId;
import io.syncid.testkit.KafkaBroker;
import io.syncid.testkit.TopicRecords;
import io.syncid.testkit.quarkus.InjectKafkaBroker;

/**
 * Over a hundred malformed pushes: each gets its documented status and code (never a 5xx), and none of the operations
 * they carry reaches Kafka.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangesBadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One code point, two UTF-16 units: lengths count the former (SPEC §4). */
    private static final String EMOJI = "\uD83D\uDCC4";
    /** Every opId sent by a rejected request or as a rejected operation: none may be on the topic. */
    private static final Set<String> REJECTED_OP_IDS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @InjectKafkaBroker
    KafkaBroker kafka;

    // ---- operations rejected one by one inside a 202 --------------------------------------------------------------

    static Stream<Arguments> badOperations() {
        List<Arguments> cases = new ArrayList<>();
        String valid = SyncId.random().toString();
        String v4 = valid;
        Map<String, String> badSyncIds = new LinkedHashMap<>();
        badSyncIds.put("nil", "00000000-0000-0000-0000-000000000000");
        badSyncIds.put("version 1", v4.substring(0, 14) + "1" + v4.substring(15));
        badSyncIds.put("version 3", v4.substring(0, 14) + "3" + v4.substring(15));
        badSyncIds.put("version 5", v4.substring(0, 14) + "5" + v4.substring(15));
        badSyncIds.put("version 7", v4.substring(0, 14) + "7" + v4.substring(15));
        badSyncIds.put("variant 0", v4.substring(0, 19) + "0" + v4.substring(20));
        badSyncIds.put("variant 7", v4.substring(0, 19) + "7" + v4.substring(20));
        badSyncIds.put("variant c", v4.substring(0, 19) + "c" + v4.substring(20));
        badSyncIds.put("variant f", v4.substring(0, 19) + "f" + v4.substring(20));
        badSyncIds.put("braces", "{" + v4 + "}");
        badSyncIds.put("urn", "urn:uuid:" + v4);
        badSyncIds.put("no hyphens", v4.replace("-", ""));
        badSyncIds.put("leading space", " " + v4);
        badSyncIds.put("trailing space", v4 + " ");
        badSyncIds.put("trailing newline", v4 + "\n");
        badSyncIds.put("short", v4.substring(1));
        badSyncIds.put("long", v4 + "0");
        badSyncIds.put("non-hex g", "g" + v4.substring(1));
        badSyncIds.put("fullwidth digit", "\uFF11" + v4.substring(1));
        badSyncIds.put("hyphen moved", v4.substring(0, 7) + "-" + v4.charAt(7) + v4.substring(9));
        badSyncIds.put("empty", "");
        badSyncIds.forEach((name, id) -> cases.add(op("syncId " + name, "INVALID_SYNC_ID", o -> o.put("syncId", id))));
        cases.add(op("syncId number", "INVALID_SYNC_ID", o -> o.put("syncId", 12345)));
        cases.add(op("syncId missing", "INVALID_SYNC_ID", o -> o.remove("syncId")));
        cases.add(op("syncId null", "INVALID_SYNC_ID", o -> o.put("syncId", null)));

        cases.add(op("opId missing", "INVALID_OP_ID", o -> o.remove("opId")));
        cases.add(op("opId not uuid", "INVALID_OP_ID", o -> o.put("opId", "op-1")));
        cases.add(op("opId number", "INVALID_OP_ID", o -> o.put("opId", 7)));
        cases.add(op("opId version 1", "INVALID_OP_ID", o -> o.put("opId", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")));
        cases.add(op("opId braces", "INVALID_OP_ID", o -> o.put("opId", "{" + SyncId.random() + "}")));

        cases.add(op("type missing", "VALIDATION_FAILED", o -> o.remove("type")));
        cases.add(op("type lowercase", "VALIDATION_FAILED", o -> o.put("type", "create")));
        cases.add(op("type unknown", "VALIDATION_FAILED", o -> o.put("type", "MERGE")));
        cases.add(op("type number", "VALIDATION_FAILED", o -> o.put("type", 1)));
        cases.add(op("type null", "VALIDATION_FAILED", o -> o.put("type", null)));

        cases.add(op("baseVersion negative", "VALIDATION_FAILED", o -> o.put("baseVersion", -1)));
        cases.add(op("baseVersion string", "VALIDATION_FAILED", o -> o.put("baseVersion", "3")));
        cases.add(op("baseVersion fraction", "VALIDATION_FAILED", o -> o.put("baseVersion", 1.5)));
        cases.add(op("baseVersion on CREATE", "VALIDATION_FAILED", o -> o.put("baseVersion", 3)));
        cases.add(op("UPDATE without baseVersion", "VALIDATION_FAILED", o -> o.put("type", "UPDATE")));
        cases.add(op("DELETE without baseVersion", "VALIDATION_FAILED", o -> {
            o.put("type", "DELETE");
            o.remove("document");
        }));

        cases.add(op("occurredAt missing", "VALIDATION_FAILED", o -> o.remove("occurredAt")));
        cases.add(op("occurredAt words", "VALIDATION_FAILED", o -> o.put("occurredAt", "yesterday")));
        cases.add(op("occurredAt number", "VALIDATION_FAILED", o -> o.put("occurredAt", 1732443330)));
        cases.add(op("occurredAt no offset", "VALIDATION_FAILED", o -> o.put("occurredAt", "2026-11-24T10:15:30")));

        cases.add(op("DELETE with document", "VALIDATION_FAILED", o -> {
            o.put("type", "DELETE");
            o.put("baseVersion", 2);
        }));
        cases.add(op("CREATE without document", "VALIDATION_FAILED", o -> o.remove("document")));
        cases.add(op("UPDATE without document", "VALIDATION_FAILED", o -> {
            o.put("type", "UPDATE");
            o.put("baseVersion", 2);
            o.remove("document");
        }));
        cases.add(op("document string", "VALIDATION_FAILED", o -> o.put("document", "title")));
        cases.add(op("document array", "VALIDATION_FAILED", o -> o.put("document", List.of())));

        cases.add(op("title missing", "VALIDATION_FAILED", o -> doc(o).remove("title")));
        cases.add(op("title empty", "VALIDATION_FAILED", o -> doc(o).put("title", "")));
        cases.add(op("title 513 chars", "VALIDATION_FAILED", o -> doc(o).put("title", "t".repeat(513))));
        cases.add(op("title 513 emoji", "VALIDATION_FAILED", o -> doc(o).put("title", EMOJI.repeat(513))));
        cases.add(op("category 129 emoji", "VALIDATION_FAILED", o -> doc(o).put("category", EMOJI.repeat(129))));
        cases.add(op("title number", "VALIDATION_FAILED", o -> doc(o).put("title", 5)));
        cases.add(op("title null", "VALIDATION_FAILED", o -> doc(o).put("title", null)));
        cases.add(op("category missing", "VALIDATION_FAILED", o -> doc(o).remove("category")));
        cases.add(op("category empty", "VALIDATION_FAILED", o -> doc(o).put("category", "")));
        cases.add(op("category 129 chars", "VALIDATION_FAILED", o -> doc(o).put("category", "c".repeat(129))));
        cases.add(op("category boolean", "VALIDATION_FAILED", o -> doc(o).put("category", true)));

        cases.add(op("fields array", "VALIDATION_FAILED", o -> doc(o).put("fields", List.of(1, 2))));
        cases.add(op("fields string", "VALIDATION_FAILED", o -> doc(o).put("fields", "{}")));
        cases.add(op("fields over 64 KiB", "VALIDATION_FAILED",
                o -> doc(o).put("fields", Map.of("notes", "n".repeat(64 * 1024)))));

        cases.add(op("attachments object", "VALIDATION_FAILED", o -> doc(o).put("attachments", Map.of())));
        cases.add(op("101 attachments", "VALIDATION_FAILED", o -> {
            List<Object> many = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                many.add(Map.of("fileName", "f" + i + ".pdf"));
            }
            doc(o).put("attachments", many);
        }));
        cases.add(op("attachment not object", "VALIDATION_FAILED", o -> doc(o).put("attachments", List.of("a.pdf"))));
        cases.add(op("attachment size negative", "VALIDATION_FAILED",
                o -> doc(o).put("attachments", List.of(Map.of("fileName", "a.pdf", "size", -1)))));
        cases.add(op("attachment size string", "VALIDATION_FAILED",
                o -> doc(o).put("attachments", List.of(Map.of("fileName", "a.pdf", "size", "big")))));
        cases.add(op("attachment contentType number", "VALIDATION_FAILED",
                o -> doc(o).put("attachments", List.of(Map.of("fileName", "a.pdf", "contentType", 3)))));

        List<String> badNames = List.of("", ".", "..", "a/b.pdf", "a\\b.pdf", "a\u0000b", "a\nb", "\t", "x\u007f",
                "n".repeat(256), EMOJI.repeat(256), "/", "../etc/passwd");
        for (String name : badNames) {
            cases.add(op("file name " + JSON.valueToTree(name), "INVALID_FILE_NAME",
                    o -> doc(o).put("attachments", List.of(Map.of("fileName", name)))));
        }
        cases.add(op("file name missing", "INVALID_FILE_NAME",
                o -> doc(o).put("attachments", List.of(Map.of("contentType", "application/pdf")))));
        cases.add(op("file name number", "INVALID_FILE_NAME",
                o -> doc(o).put("attachments", List.of(Map.of("fileName", 42)))));
        cases.add(op("file name twice", "INVALID_FILE_NAME", o -> doc(o).put("attachments",
                List.of(Map.of("fileName", "a.pdf"), Map.of("fileName", "a.pdf")))));

        cases.add(op("reason number", "VALIDATION_FAILED", o -> o.put("reason", 3)));
        cases.add(op("reason too long", "VALIDATION_FAILED", o -> o.put("reason", "r".repeat(257))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOperations")
    void operationIsRejectedWithItsCode(String name, Map<String, Object> op, String code) {
        Map<String, Object> companion = Ops.create(SyncId.random().toString());
        if (op.get("opId") instanceof String id) {
            REJECTED_OP_IDS.add(id);
        }
        Response response = push(Ops.batch(Ops.uniqueDevice(), List.of(op, companion)), "application/json");
        response.then().statusCode(202)
                .body("results[0].status", equalTo("REJECTED"))
                .body("results[0].error.code", equalTo(code))
                .body("results[1].status", equalTo("ACCEPTED"));
    }

    static Stream<Arguments> notObjects() {
        return Stream.of(Arguments.of("string", "\"x\""), Arguments.of("number", "5"), Arguments.of("array", "[]"),
                Arguments.of("null", "null"));
    }

    @ParameterizedTest(name = "operation is {0}")
    @MethodSource("notObjects")
    void operationThatIsNotAnObjectIsRejected(String name, String json) {
        String body = "{\"deviceId\":\"d\",\"operations\":[" + json + "]}";
        push(body, "application/json").then().statusCode(202)
                .body("results[0].status", equalTo("REJECTED"))
                .body("results[0].error.code", equalTo("MALFORMED_REQUEST"));
    }

    // ---- whole requests refused ------------------------------------------------------------------------------------

    static Stream<Arguments> badRequests() throws Exception {
        String op = JSON.writeValueAsString(track(Ops.create(SyncId.random().toString())));
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(track(Ops.create(SyncId.random().toString())));
        }
        return Stream.of(
                Arguments.of("unclosed object", "{", "application/json", 400, "MALFORMED_REQUEST"),
                Arguments.of("not json", "not json", "application/json", 400, "MALFORMED_REQUEST"),
                Arguments.of("empty body", "", "application/json", 400, "MALFORMED_REQUEST"),
                Arguments.of("top-level array", "[" + op + "]", "application/json", 400, "MALFORMED_REQUEST"),
                Arguments.of("top-level null", "null", "application/json", 400, "MALFORMED_REQUEST"),
                Arguments.of("top-level string", "\"x\"", "application/json", 400, "MALFORMED_REQUEST"),
                Arguments.of("broken array", "{\"deviceId\":\"d\",\"operations\":[" + op + ",}", "application/json",
                        400, "MALFORMED_REQUEST"),
                Arguments.of("trailing garbage", "{\"deviceId\":\"d\",\"operations\":[" + op + "]} x",
                        "application/json", 400, "MALFORMED_REQUEST"),
                Arguments.of("deviceId missing", "{\"operations\":[" + op + "]}", "application/json", 400,
                        "VALIDATION_FAILED"),
                Arguments.of("deviceId number", "{\"deviceId\":7,\"operations\":[" + op + "]}", "application/json",
                        400, "VALIDATION_FAILED"),
                Arguments.of("deviceId empty", "{\"deviceId\":\"\",\"operations\":[" + op + "]}", "application/json",
                        400, "VALIDATION_FAILED"),
                Arguments.of("deviceId 129 chars",
                        "{\"deviceId\":\"" + "d".repeat(129) + "\",\"operations\":[" + op + "]}", "application/json",
                        400, "VALIDATION_FAILED"),
                Arguments.of("operations missing", "{\"deviceId\":\"d\"}", "application/json", 400,
                        "VALIDATION_FAILED"),
                Arguments.of("operations object", "{\"deviceId\":\"d\",\"operations\":" + op + "}",
                        "application/json", 400, "VALIDATION_FAILED"),
                Arguments.of("operations empty", "{\"deviceId\":\"d\",\"operations\":[]}", "application/json", 400,
                        "VALIDATION_FAILED"),
                Arguments.of("501 operations", JSON.writeValueAsString(Ops.batch("d", tooMany)), "application/json",
                        400, "VALIDATION_FAILED"),
                Arguments.of("body over 1 MiB",
                        "{\"deviceId\":\"d\",\"pad\":\"" + "p".repeat(1024 * 1024) + "\",\"operations\":[" + op + "]}",
                        "application/json", 413, "PAYLOAD_TOO_LARGE"),
                Arguments.of("text/plain", "{\"deviceId\":\"d\",\"operations\":[" + op + "]}", "text/plain", 415,
                        "UNSUPPORTED_MEDIA_TYPE"),
                Arguments.of("application/xml", "<changes/>", "application/xml", 415, "UNSUPPORTED_MEDIA_TYPE"),
                Arguments.of("form", "a=b", "application/x-www-form-urlencoded", 415, "UNSUPPORTED_MEDIA_TYPE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void requestIsRefusedAsAWhole(String name, String body, String contentType, int status, String code) {
        push(body, contentType).then().statusCode(status)
                .contentType("application/problem+json")
                .body("code", equalTo(code))
                .body("status", equalTo(status));
    }

    @Test
    void oversizeBodyIsRefusedEvenWithoutContentLength() {
        String body = "{\"deviceId\":\"d\",\"pad\":\"" + "p".repeat(1024 * 1024 + 10) + "\",\"operations\":[]}";
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Response response = given().header("Authorization", Tokens.bearer("alice"))
                .contentType("application/json")
                .body(new java.io.ByteArrayInputStream(bytes))
                .when().post("/v1/changes");
        response.then().statusCode(413);
    }

    @AfterAll
    void nothingRejectedReachedKafka() {
        assertThat(REJECTED_OP_IDS).hasSizeGreaterThan(90);
        Set<String> published = new HashSet<>();
        ChangesTopic.readAll(kafka.bootstrapServers()).forEach(r -> published.add(TopicRecords.header(r, "ce_id")));
        assertThat(published).as("the companions of rejected operations were published").isNotEmpty();
        assertThat(published).doesNotContainAnyElementsOf(REJECTED_OP_IDS);
    }

    private static Response push(Object body, String contentType) {
        return given().header("Authorization", Tokens.bearer("alice"))
                .contentType(contentType)
                .body(body)
                .when().post("/v1/changes");
    }

    private static Arguments op(String name, String code, Consumer<Map<String, Object>> breakIt) {
        Map<String, Object> op = Ops.create(SyncId.random().toString());
        breakIt.accept(op);
        return Arguments.of(name, op, code);
    }

    private static Map<String, Object> track(Map<String, Object> op) {
        REJECTED_OP_IDS.add((String) op.get("opId"));
        return op;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> doc(Map<String, Object> op) {
        return (Map<String, Object>) op.get("document");
    }
}
