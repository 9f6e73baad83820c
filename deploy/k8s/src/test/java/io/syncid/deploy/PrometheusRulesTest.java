package io.syncid.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncid.deploy.support.Manifests;
import io.syncid.deploy.support.Tools;

/**
 * The alert rules as promtool sees them: they parse ({@code check rules}), and the unit tests of
 * {@code src/test/resources/promtool/rules-test.yaml} prove each alert fires at its threshold and stays silent below
 * it ({@code test rules}). Every PromQL query of the dashboard parses too.
 */
class PrometheusRulesTest {

    @TempDir
    Path dir;

    @Test
    void theFourRolloutAlertsAreExactlyTheSpecified() {
        JsonNode rule = Manifests.named(Manifests.render("production"), "PrometheusRule", "syncid");
        Map<String, String> expected = Map.of(
                "MigrationFailureRateHigh", "migration_failure_rate > 0.01|5m",
                "DocumentsWithoutSyncId", "documents_without_sync_id > 0|1m",
                "SyncFailureRateHigh", "sync_failure_rate > 0.01|5m",
                "DuplicateSyncIds", "duplicate_sync_ids > 0|1m");
        List<String> found = new ArrayList<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode alert : group.path("rules")) {
                String name = alert.path("alert").asText();
                assertThat(alert.path("labels").path("severity").asText()).as(name).isIn("critical", "warning");
                assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
                assertThat(alert.path("annotations").path("runbook_url").asText()).as(name)
                        .endsWith("RUNBOOK.md#" + name.toLowerCase());
                if (expected.containsKey(name)) {
                    found.add(name);
                    assertThat(alert.path("expr").asText() + "|" + alert.path("for").asText())
                            .isEqualTo(expected.get(name));
                    assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
                }
            }
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    void promtoolChecksAndUnitTestsTheRules() throws IOException {
        Path promtool = Tools.require("promtool");
        Files.writeString(dir.resolve("syncid-rules.yaml"), rulesFile());
        try (InputStream tests = getClass().getResourceAsStream("/promtool/rules-test.yaml")) {
            Files.copy(tests, dir.resolve("rules-test.yaml"));
        }
        Tools.Result check = Tools.run(dir, List.of(promtool.toString(), "check", "rules", "syncid-rules.yaml"));
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 8 rules found");
        Tools.Result test = Tools.run(dir, List.of(promtool.toString(), "test", "rules", "rules-test.yaml"));
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    /** The unit tests are sharp: moving a threshold by the smallest step makes them fail. */
    @Test
    void promtoolUnitTestsFailWhenAThresholdMoves() throws IOException {
        Path promtool = Tools.require("promtool");
        try (InputStream tests = getClass().getResourceAsStream("/promtool/rules-test.yaml")) {
            Files.copy(tests, dir.resolve("rules-test.yaml"));
        }
        for (String[] change : List.of(new String[]{"migration_failure_rate > 0.01", "migration_failure_rate >= 0.01"},
                new String[]{"sync_failure_rate > 0.01", "sync_failure_rate > 0.0101"},
                new String[]{"documents_without_sync_id > 0", "documents_without_sync_id > 1"},
                new String[]{"duplicate_sync_ids > 0", "duplicate_sync_ids >= 0"})) {
            String rules = rulesFile();
            assertThat(rules).contains(change[0]);
            Files.writeString(dir.resolve("syncid-rules.yaml"), rules.replace(change[0], change[1]));
            Tools.Result test = Tools.run(dir, List.of(promtool.toString(), "test", "rules", "rules-test.yaml"));
            assertThat(test.exitCode()).as("%s -> %s%n%s", change[0], change[1], test.output()).isNotZero();
        }
    }

    @Test
    void everyDashboardQueryParses() throws IOException {
        Path promtool = Tools.require("promtool");
        Map<String, String> queries = MetricNames
                .dashboardExpressions(Manifests.deployDir().resolve(MetricNames.DASHBOARD));
        ObjectNode file = Manifests.YAML.createObjectNode();
        ObjectNode group = file.putArray("groups").addObject().put("name", "dashboard");
        ArrayNode rules = group.putArray("rules");
        int i = 0;
        for (String expr : queries.values()) {
            rules.addObject().put("record", "syncid:dashboard_query_" + i++).put("expr", expr);
        }
        Files.writeString(dir.resolve("dashboard-queries.yaml"), Manifests.YAML.writeValueAsString(file));
        Tools.Result check = Tools.run(dir, List.of(promtool.toString(), "check", "rules", "dashboard-queries.yaml"));
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    /** The rules as rendered by the production overlay, as a plain rule file. */
    private static String rulesFile() throws IOException {
        JsonNode rule = Manifests.named(Manifests.render("production"), "PrometheusRule", "syncid");
        return Manifests.YAML.writeValueAsString(rule.path("spec"));
    }
}
