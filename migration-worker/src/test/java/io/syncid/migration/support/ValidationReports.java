package io.syncid.migration.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.syncid.migration.legacy.LegacyGenerator;

/** What a clean validation report of a run over one generated legacy set says, for every test that migrates one. */
public final class ValidationReports {

    private ValidationReports() {
    }

    /**
     * Nothing missing, different, duplicated or pending among the {@code checked} documents, and exactly the generated
     * missing objects reported (never invented).
     */
    public static void assertClean(JsonPath report, int checked, LegacyGenerator.Generated generated) {
        assertThat(report.getList("missingDocuments")).isEmpty();
        assertThat(report.getList("fieldDifferences")).isEmpty();
        assertThat(report.getList("missingAttachments")).isEmpty();
        assertThat(report.getList("duplicateSyncIds")).isEmpty();
        assertThat(report.getList("missingTombstones")).isEmpty();
        assertThat(report.getList("pending")).isEmpty();
        assertThat(report.getInt("checked")).isEqualTo(checked);
        assertThat(report.getList("reportedMissingObjects.legacyId", String.class))
                .containsExactlyInAnyOrderElementsOf(generated.missingObjects().keySet());
        assertThat(report.getBoolean("clean")).isTrue();
    }
}
