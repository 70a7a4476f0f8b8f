package io.lorastream.trainer.config;

import io.lorastream.servicekit.kafka.KafkaConnection;
import io.lorastream.servicekit.s3.S3Connection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting of the trainer-service, under {@code lorastream.trainer}. Defaults work against the local devstack. */
@ConfigMapping(prefix = "lorastream.trainer")
public interface TrainerConfig {

    /** Kafka connection and consumer group. */
    Kafka kafka();

    /** The object store holding base models, candidates, champions and replay reservoirs. */
    S3 s3();

    /** Where base models and champion adapters are cached on local disk. */
    @WithDefault("${lorastream.home:.lorastream}/trainer/cache")
    Path cacheDir();

    /** Where jobs write a candidate's files before uploading them (cleaned after each job). */
    @WithDefault("${lorastream.home:.lorastream}/trainer/work")
    Path workDir();

    /** A folder of base models ({@code <id>/config.json, model.safetensors, tokenizer.json}) used before the store. */
    Optional<Path> localModelsDir();

    /** Training jobs on this process. */
    Jobs jobs();

    /** Memory bounds of the buffered examples. */
    Buffer buffer();

    /** Back-off of steps that wait out an S3 or Kafka outage. */
    Retry retry();

    /** Bearer tokens for the admin API. */
    Auth auth();

    /** The Kafka group; the keys are declared here (with this service's defaults), the shape in {@link KafkaConnection}. */
    interface Kafka extends KafkaConnection {
        /** Kafka bootstrap servers; defaults to the standard {@code kafka.bootstrap.servers}, else the devstack's. */
        @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9092}")
        String bootstrapServers();

        /** Consumer group of the trainers: replicas in one group share the partitions, so each owns some tasks. */
        @WithDefault("lorastream-trainer")
        String groupId();

        /** Most examples per poll. */
        @WithDefault("500")
        int maxPollRecords();

        /** How long a poll waits for examples; also the pace at which triggers and job outcomes are checked. */
        @WithDefault("200ms")
        Duration pollTimeout();

        /** How long to wait for Kafka to acknowledge a candidate announcement before retrying it. */
        @WithDefault("30s")
        Duration ackTimeout();

        /** Extra Kafka client properties passed to every client verbatim (e.g. security settings). */
        Map<String, String> clientProperties();
    }

    /** The S3 group; the keys are declared here (with this service's defaults), the shape in {@link S3Connection}. */
    interface S3 extends S3Connection {
        /** S3 endpoint URL. */
        @WithDefault("${lorastream.s3.endpoint:http://127.0.0.1:9000}")
        String endpoint();

        /** Access key id. */
        @WithDefault("${lorastream.s3.access-key:lorastream}")
        String accessKey();

        /** Secret access key (use an env var or a secret in production: LORASTREAM_TRAINER_S3_SECRET_KEY). */
        @WithDefault("${lorastream.s3.secret-key:lorastream-secret}")
        String secretKey();

        /** Bucket holding lorastream's objects. */
        @WithDefault("${lorastream.s3.bucket:lorastream}")
        String bucket();

        /** Signing region. */
        @WithDefault("us-east-1")
        String region();

        /** How long to wait for a connection before an S3 call fails (and is retried). */
        @WithDefault("5s")
        Duration connectTimeout();
    }

    interface Jobs {
        /** {@code auto} (the first GPU DJL sees, else the CPU), {@code cpu}, {@code gpu} or {@code gpu:N}. */
        @WithDefault("auto")
        String device();

        /** Jobs at a time on this process. Leave at 1: DJL trains one model at a time per process (scale with replicas, one per GPU). */
        @WithDefault("1")
        int maxConcurrent();

        /** PyTorch intra-op threads; 0 keeps PyTorch's default (the core count). */
        @WithDefault("0")
        int intraOpThreads();

        /** PyTorch inter-op threads; 0 keeps PyTorch's default. */
        @WithDefault("0")
        int interOpThreads();

        /** Examples per forward/backward pass inside a batch: bounds activation memory; 0 = the whole batch. */
        @WithDefault("8")
        int microBatchSize();

        /** After an operator cancels a job, how long its window waits before a trigger may start it again. */
        @WithDefault("10m")
        Duration holdAfterCancel();

        /** Finished jobs remembered per task for the admin API. */
        @WithDefault("20")
        int history();

        /** How long a lost partition's job may take to stop before the partition is given up anyway. */
        @WithDefault("60s")
        Duration rebalanceStopTimeout();
    }

    interface Buffer {
        /** Examples held in memory across all tasks before consumption pauses for training to catch up. */
        @WithDefault("100000")
        int maxExamples();

        /** How long examples of a task the catalog does not know wait for its spec before they are skipped. */
        @WithDefault("30s")
        Duration unknownTaskGrace();
    }

    interface Retry {
        /** First wait after a failed S3 or Kafka step. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest wait between attempts. */
        @WithDefault("30s")
        Duration maxBackoff();
    }

    interface Auth {
        /** Whether the admin API (trigger, cancel) requires a bearer token. Set false only where nobody else can reach it. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Admin tokens, comma-separated (env {@code LORASTREAM_TRAINER_AUTH_ADMIN_TOKENS}). When none is
         * set, one is generated on first start into {@link #tokenFile()} and reused.
         */
        Optional<List<String>> adminTokens();

        /** Where the generated local admin token is kept (owner-only permissions); its path is logged, never the token. */
        @WithDefault("${lorastream.home:.lorastream}/trainer-tokens.properties")
        Path tokenFile();
    }
}
