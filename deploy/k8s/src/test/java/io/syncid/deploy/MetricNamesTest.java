package io.syncid.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.syncid.deploy.support.Manifests;

/** The metric-name extraction that proves the rules and the dashboard read only series that exist. */
class MetricNamesTest {

    @Test
    void namesOfAnExpressionExcludeFunctionsLabelsKeywordsAndDurations() {
        assertThat(MetricNames.inExpression(
                "histogram_quantile(0.99, sum by (le) (rate(sync_index_lag_seconds_bucket{pod=~\"a|b\"}[10m]))) > 1.5"))
                .containsExactly("sync_index_lag_seconds_bucket");
        assertThat(MetricNames.inExpression("sum by (consumergroup, topic) (kafka_consumergroup_lag) > 1e4 and "
                + "sum without (partition) (delta(kafka_consumergroup_lag[15m] offset 5m)) > 0"))
                .containsExactly("kafka_consumergroup_lag");
        assertThat(MetricNames.inExpression("a_total / on (pod) group_left (node) b_info unless c:recorded"))
                .containsExactlyInAnyOrder("a_total", "b_info", "c:recorded");
        assertThat(MetricNames.inExpression("count(up{job=\"x {y}\", le='0.5'}) > bool 0x1F"))
                .containsExactly("up");
        assertThat(MetricNames.inExpression("sync_failure_rate > 0.01")).containsExactly("sync_failure_rate");
    }

    @Test
    void theRulesAndTheDashboardReadTheSpecifiedSeries() {
        var used = MetricNames.used(Manifests.deployDir());
        assertThat(used).contains("migration_failure_rate", "documents_without_sync_id", "sync_failure_rate",
                "duplicate_sync_ids", "orphaned_attachments", "sync_index_lag_seconds_bucket",
                "sync_apply_latency_seconds_bucket", "kafka_consumergroup_lag");
        assertThat(used).allMatch(n -> n.matches("[a-z_:][a-z0-9_:]*"), "a metric name");
        assertThat(MetricNames.dashboardExpressions(Manifests.deployDir().resolve(MetricNames.DASHBOARD)))
                .hasSizeGreaterThan(15);
    }

    @Test
    void exportedNamesComeFromTheSamplesOfAScrape() {
        String scrape = """
                # HELP sync_apply_latency_seconds From the first receipt
                # TYPE sync_apply_latency_seconds histogram
                sync_apply_latency_seconds_bucket{le="0.1"} 3
                sync_apply_latency_seconds_count 3
                sync_failure_rate 0.0
                sync_conflicts_total{a="b c"} 1.0
                """;
        assertThat(MetricNames.exported(scrape)).containsExactly("sync_apply_latency_seconds_bucket",
                "sync_apply_latency_seconds_count", "sync_conflicts_total", "sync_failure_rate");
        assertThat(MetricNames.missing(List.of("sync_failure_rate", "sync_conflicts_total", "kafka_consumergroup_lag",
                "duplicate_sync_ids"), List.of(scrape))).containsExactly("duplicate_sync_ids");
    }
}
