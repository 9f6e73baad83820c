package io.syncid.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.syncid.testkit.internal.ServerDistributions;

/**
 * The served OpenAPI document is good enough to generate a device client from: {@code @redocly/cli lint} with its
 * recommended rules finds no error and no warning; every operation has an {@code operationId}.
 */
@QuarkusTest
class OpenApiLintTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void redoclyRecommendedRulesFindNothing(@TempDir Path dir) throws Exception {
        String document = given().queryParam("format", "yaml").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        Path file = dir.resolve("openapi.yaml");
        Files.writeString(file, document, StandardCharsets.UTF_8);

        ProcessBuilder lint = new ProcessBuilder("node", ServerDistributions.redoclyCli().toString(), "lint",
                "--format=json", "--extends=recommended", file.toString())
                .directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .redirectOutput(dir.resolve("stdout.json").toFile());
        // No telemetry and no update check from a test run.
        lint.environment().put("REDOCLY_TELEMETRY", "off");
        lint.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = lint.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("redocly lint finished").isTrue();

        String output = Files.readString(dir.resolve("stdout.json"), StandardCharsets.UTF_8);
        assertThat(output).as("redocly's report; stderr: %s", Files.readString(dir.resolve("stderr.txt")))
                .contains("\"totals\"");
        JsonNode report = JSON.readTree(output);
        List<String> problems = new ArrayList<>();
        report.get("problems").forEach(p -> problems.add(p.get("severity").asText() + " " + p.get("ruleId").asText()
                + ": " + p.get("message").asText() + " at " + p.at("/location/0/pointer").asText()));
        assertThat(problems).as("lint problems of /q/openapi").isEmpty();
        assertThat(report.at("/totals/errors").asInt()).isZero();
        assertThat(report.at("/totals/warnings").asInt()).isZero();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void everyOperationHasAnIdAndItsProblemAnswers() throws Exception {
        JsonNode api = JSON.readTree(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString());
        List<String> operations = new ArrayList<>();
        api.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode operation = op.getValue();
            operations.add(op.getKey() + " " + path.getKey());
            assertThat(operation.path("operationId").asText()).as("operationId of %s %s", op.getKey(), path.getKey())
                    .isNotBlank();
            assertThat(operation.at("/responses/401/content").has("application/problem+json"))
                    .as("401 problem+json of %s %s", op.getKey(), path.getKey()).isTrue();
        }));
        assertThat(operations).hasSizeGreaterThanOrEqualTo(7);
    }
}
