package io.lorastream.deploy.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    @Test
    void mappingKeysAreKebabCasedAndNested() {
        ConfigKeys trainer = Service.named("trainer").config();
        assertThat(trainer.mappingPrefix()).isEqualTo("lorastream.trainer");
        assertThat(trainer.keys()).contains("lorastream.trainer.kafka.bootstrap-servers",
                "lorastream.trainer.jobs.rebalance-stop-timeout", "lorastream.trainer.local-models-dir",
                "lorastream.trainer.auth.admin-tokens", "lorastream.trainer.s3.secret-key", "lorastream.trainer.cache-dir");
        assertThat(trainer.mapPrefixes()).containsExactly("lorastream.trainer.kafka.client-properties");
        assertThat(Service.named("evaluator").config().keys()).contains("lorastream.evaluator.inference.cached-predictions-per-model",
                "lorastream.evaluator.sets.checkpoint-prefix", "lorastream.evaluator.work-dir");
        assertThat(Service.named("registry").config().keys()).contains("lorastream.registry.serving.cache-max-bytes",
                "lorastream.registry.auth.read-tokens");
        assertThat(Service.named("ingest").config().keys()).contains("lorastream.ingest.dedup.restore-records-per-partition");
    }

    @Test
    void environmentVariablesMatchTheWaySmallRyeReadsThem() {
        ConfigKeys trainer = Service.named("trainer").config();
        assertThat(trainer.keyOfEnv("LORASTREAM_TRAINER_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("lorastream.trainer.kafka.bootstrap-servers");
        assertThat(trainer.keyOfEnv("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka.bootstrap.servers");
        assertThat(trainer.keyOfEnv("LORASTREAM_S3_ENDPOINT")).isEqualTo("lorastream.s3.endpoint");
        assertThat(trainer.keyOfEnv("LORASTREAM_HOME")).isEqualTo("lorastream.home");
        assertThat(trainer.keyOfEnv("QUARKUS_HTTP_HOST")).isEqualTo("quarkus.http.host");
        // A typo, another service's key, a key nobody declares.
        assertThat(trainer.keyOfEnv("LORASTREAM_TRAINER_KAFKA_BOOTSTRAP_SERVER")).isNull();
        assertThat(trainer.keyOfEnv("LORASTREAM_EVALUATOR_INFERENCE_DEVICE")).isNull();
        assertThat(trainer.keyOfEnv("LORASTREAM_TRAINER_GPU")).isNull();
        // ingest has no object store; its home folder keeps a generated producer token.
        ConfigKeys ingest = Service.named("ingest").config();
        assertThat(ingest.keyOfEnv("LORASTREAM_S3_ENDPOINT")).isNull();
        assertThat(ingest.keyOfEnv("LORASTREAM_HOME")).isEqualTo("lorastream.home");
        assertThat(ingest.keyOfEnv("LORASTREAM_INGEST_AUTH_TOKENS")).isEqualTo("lorastream.ingest.auth.tokens");
    }

    @Test
    void servicesDeclareTheirPortsPathsAndNames() {
        assertThat(Service.ALL).extracting(Service::port).containsExactly(8081, 8082, 8083, 8084);
        assertThat(Service.ALL).extracting(Service::applicationName)
                .containsExactly("lorastream-ingest", "lorastream-trainer", "lorastream-evaluator", "lorastream-registry");
        for (Service s : Service.ALL) {
            assertThat(s.metricsPath()).isEqualTo("/q/metrics");
            assertThat(s.healthPaths()).contains("/q/health/ready", "/q/health/live", "/q/health/started");
        }
        assertThat(Service.ALL).filteredOn(Service::usesDjl).extracting(Service::name).containsExactly("trainer", "evaluator");
    }
}
