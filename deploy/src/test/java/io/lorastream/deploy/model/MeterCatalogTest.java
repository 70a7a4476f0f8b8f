package io.lorastream.deploy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterCatalogTest {

    private final MeterCatalog catalog = MeterCatalog.services();

    @Test
    void everyServiceExportsItsOwnMeters() {
        for (Service s : Service.ALL) {
            assertThat(catalog.meters()).filteredOn(m -> m.service().equals(s.name()))
                    .as("meters of %s", s.module()).hasSizeGreaterThan(7);
        }
        assertThat(catalog.meters()).extracting(MeterCatalog.Meter::name).doesNotHaveDuplicates();
    }

    @Test
    void seriesNamesAreThoseMicrometerPublishes() {
        // Counters get _total, timers _seconds_count/_sum/_max and buckets only with a histogram; units are appended.
        assertThat(catalog.labelsOf("lorastream_ingest_examples_rejected_total"))
                .containsExactlyInAnyOrder("task", "channel", "reason", "job", "instance");
        assertThat(catalog.series()).containsKeys("lorastream_ingest_request_seconds_bucket",
                "lorastream_ingest_request_seconds_count", "lorastream_trainer_job_duration_seconds_bucket",
                "lorastream_registry_download_seconds_bucket", "lorastream_evaluator_evaluation_seconds_count",
                "lorastream_evaluator_evaluation_seconds_max", "lorastream_evaluator_checkpoint_size_bytes_count",
                "lorastream_evaluator_last_metric_ratio", "lorastream_registry_champion_age_seconds",
                "lorastream_registry_champion_info", "lorastream_trainer_gpu_memory_used_bytes",
                "lorastream_evaluator_forgetting_max_class_recall_drop_ratio");
        assertThat(catalog.series()).doesNotContainKeys("lorastream_evaluator_evaluation_seconds_bucket",
                "lorastream_ingest_examples_rejected", "lorastream_registry_champion_age",
                "lorastream_trainer_gpu_memory_used_bytes_bytes");
        assertThat(catalog.labelsOf("lorastream_ingest_request_seconds_bucket")).contains("le", "task");
        assertThat(catalog.labelsOf("lorastream_registry_champion_info")).contains("task", "version");
        assertThat(catalog.labelsOf("lorastream_trainer_buffered_examples")).contains("task");
        assertThat(catalog.labelsOf("lorastream_evaluator_transient_failures_total")).contains("task", "stage");
        assertThat(catalog.labelsOf("lorastream_registry_champion_requests_total")).contains("outcome");
        // Through service-kit's ConsumerLagGauges: the name is the service's, the tag the kit's.
        for (String lag : List.of("lorastream_ingest_consumer_lag_records", "lorastream_trainer_consumer_lag_records",
                "lorastream_evaluator_consumer_lag_records", "lorastream_registry_consumer_lag_records")) {
            assertThat(catalog.labelsOf(lag)).as(lag).containsExactlyInAnyOrder("partition", "job", "instance");
        }
        assertThat(catalog.serviceOf("lorastream_evaluator_consumer_lag_records")).isEqualTo("evaluator");
        assertThat(catalog.serviceOf("lorastream_registry_consumer_lag_records")).isEqualTo("registry");
    }

    @Test
    void frameworkSeriesComeFromMicrometersBinders() {
        assertThat(catalog.labelsOf("http_server_requests_seconds_count")).contains("status", "uri", "method", "outcome");
        assertThat(catalog.labelsOf("jvm_memory_used_bytes")).contains("area", "id");
        assertThat(catalog.series()).containsKeys("process_cpu_usage", "jvm_gc_pause_seconds_sum", "up");
        assertThat(catalog.series()).doesNotContainKey("http_server_requests_seconds_bucket");
    }

    @Test
    void aMeterNameTheReaderCannotPlaceFails(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Odd.java");
        Files.writeString(file, """
                class Odd {
                    void f() { record("lorastream.odd.thing", 1); }
                }
                """);
        assertThatThrownBy(() -> MeterCatalog.parse("odd", file)).hasMessageContaining("lorastream.odd.thing")
                .hasMessageContaining("neither a meter builder nor a helper");
    }

    @Test
    void helperMethodsLendTheirTypeHistogramAndTags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Helper.java");
        Files.writeString(file, """
                class Helper {
                    void f() { timer("lorastream.x.wait", "task-1", "stage", s, "outcome", o).record(d); }
                    private Timer timer(String name, String task, String... tags) {
                        return Timer.builder(name).tag("task", task).tags(tags).publishPercentileHistogram().register(r);
                    }
                }
                """);
        List<MeterCatalog.Meter> meters = MeterCatalog.parse("x", file);
        assertThat(meters).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo("Timer");
            assertThat(m.histogram()).isTrue();
            assertThat(m.tags()).containsExactlyInAnyOrder("task", "stage", "outcome");
        });
        assertThat(MeterCatalog.of(meters).series()).containsKey("lorastream_x_wait_seconds_bucket");
    }
}
