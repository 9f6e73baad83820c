package io.syncid.system;

import static io.syncid.system.Device.batch;
import static io.syncid.system.Device.create;
import static io.syncid.system.Device.delete;
import static io.syncid.system.Device.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.syncid.deploy.MetricNames;
import io.syncid.model.SyncId;

/**
 * Every metric name the alert rules and the Grafana dashboard of deploy/k8s read is one a service really exports: the
 * five services run as processes, traffic makes their lazily registered counters appear, and their {@code /q/metrics}
 * are scraped — not a list typed by hand.
 */
class ExportedMetricNamesTest {

    private static final List<String> SERVICES = List.of("sync-gateway", "queue-consolidator", "remote-writer",
            "tombstone-service", "migration-worker");

    @Test
    void everyNameTheRulesAndTheDashboardUseIsExported() {
        try (SyncSystem system = SyncSystem.start(3, Map.of(), SERVICES.toArray(String[]::new))) {
            Device phone = new Device(system, "metrics", "phone");
            Device tablet = new Device(system, "metrics", "tablet");
            SyncId id = SyncId.random();
            phone.settle(phone.push(batch(create(id, "v1"))));
            phone.settle(phone.push(batch(update(id, 1, "phone"))));
            tablet.settle(tablet.push(batch(update(id, 1, "tablet"))));
            phone.settle(phone.push(batch(delete(id, 3))));
            // A rejected operation (IMPORT is not a device's type), so the gateway's rejection counter exists.
            Map<String, Object> refused = new java.util.LinkedHashMap<>(create(SyncId.random(), "refused"));
            refused.put("type", "IMPORT");
            assertThat(system.post("metrics", "/v1/changes", Map.of("deviceId", "phone", "operations",
                    List.of(refused))).body().toString()).contains("REJECTED");

            List<String> scrapes = new ArrayList<>();
            for (String service : SERVICES) {
                scrapes.add(system.text(service, "/q/metrics"));
            }
            Set<String> used = MetricNames.used(SyncSystem.ROOT.resolve("deploy/k8s"));
            assertThat(used).contains("sync_failure_rate", "migration_failure_rate", "documents_without_sync_id",
                    "duplicate_sync_ids");
            assertThat(MetricNames.missing(used, scrapes)).as("metric names no service exports").isEmpty();
        }
    }
}
