package io.lorastream.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's closing table: every version the demo trained, with where it came from, its held-out
 * numbers beside the reference it was judged against, the gate's verdict and the checks that failed.
 */
final class SummaryTable {

    private SummaryTable() {
    }

    /** One version's row, from the registry's full view of it. */
    record Row(String version, String wave, String status, int trainingExamples, String warmStart,
               Double candidateF1, Double referenceF1, Double candidateAccuracy, Double retentionF1,
               String reference, List<String> failedChecks) {

        static Row of(String wave, JsonNode detail) {
            JsonNode summary = detail.path("summary");
            JsonNode lineage = summary.path("lineage");
            JsonNode decision = detail.path("decision");
            List<String> failed = new ArrayList<>();
            for (JsonNode check : decision.path("checks")) {
                if (!check.path("passed").asBoolean()) {
                    failed.add(String.format("%s %.3f vs %.3f", check.path("name").asText(),
                            check.path("value").asDouble(), check.path("threshold").asDouble()));
                }
            }
            String reference = decision.path("championVersion").isTextual() ? decision.path("championVersion").asText()
                    : "base";
            return new Row(summary.path("version").asText(), wave, summary.path("status").asText(),
                    lineage.path("trainingExamples").asInt(),
                    lineage.path("warmStartVersion").isTextual() ? lineage.path("warmStartVersion").asText() : "base",
                    number(decision.path("candidateMetrics").path("holdout.macro_f1")),
                    number(decision.path("championMetrics").path("holdout.macro_f1")),
                    number(decision.path("candidateMetrics").path("holdout.accuracy")),
                    number(decision.path("candidateMetrics").path("retention.macro_f1")), reference, failed);
        }

        private static Double number(JsonNode node) {
            return node.isNumber() ? node.asDouble() : null;
        }
    }

    static String render(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        String format = "%-30s %-7s %-9s %8s  %-30s %9s %9s %9s %9s  %s%n";
        out.append(String.format(format, "version", "wave", "status", "examples", "warm start", "F1 (ref)",
                "F1", "accuracy", "retain F1", "failed checks"));
        for (Row row : rows) {
            out.append(String.format(format, row.version(), row.wave(), row.status(), row.trainingExamples(),
                    row.warmStart(), fixed(row.referenceF1()), fixed(row.candidateF1()), fixed(row.candidateAccuracy()),
                    fixed(row.retentionF1()), row.failedChecks().isEmpty() ? "-" : String.join("; ", row.failedChecks())));
        }
        out.append("  F1 = macro-F1 on the held-out window; F1 (ref) = the model it was judged against (the champion then,"
                + " or the base model with a fresh head); examples include replayed ones.\n");
        return out.toString();
    }

    private static String fixed(Double value) {
        return value == null ? "-" : String.format("%.4f", value);
    }
}
