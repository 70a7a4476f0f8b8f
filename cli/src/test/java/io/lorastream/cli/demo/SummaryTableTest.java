package io.lorastream.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    /** A registry's answer to GET /v1/tasks/{task}/versions/{version}, captured from a running system. */
    private static JsonNode rejectedVersion() throws IOException {
        try (InputStream in = SummaryTableTest.class.getResourceAsStream("/demo/rejected-version.json")) {
            return ServiceApi.json().readTree(in);
        }
    }

    @Test
    void aRowCarriesTheVerdictTheNumbersAndEveryFailedCheck() throws IOException {
        SummaryTable.Row row = SummaryTable.Row.of("first", rejectedVersion());

        assertThat(row.version()).isEqualTo("v20261201T225209Z-802883143eed");
        assertThat(row.status()).isEqualTo("rejected");
        assertThat(row.trainingExamples()).isEqualTo(80);
        assertThat(row.warmStart()).isEqualTo("base");
        assertThat(row.reference()).isEqualTo("base");
        assertThat(row.candidateF1()).isCloseTo(0.5148, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(row.referenceF1()).isCloseTo(0.3095, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(row.candidateAccuracy()).isCloseTo(0.5517, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(row.retentionF1()).isNull();
        assertThat(row.failedChecks()).containsExactly("quality_floor 0.515 vs 0.600");
    }

    @Test
    void theTableShowsMissingNumbersAsDashes() throws IOException {
        String table = SummaryTable.render(List.of(SummaryTable.Row.of("first", rejectedVersion())));

        assertThat(table.lines().toList().get(0)).startsWith("version").contains("failed checks");
        assertThat(table.lines().toList().get(1)).startsWith("v20261201T225209Z-802883143eed").contains(" rejected ")
                .contains("0.3095").contains("0.5148").contains(" - ").endsWith("quality_floor 0.515 vs 0.600");
    }
}
