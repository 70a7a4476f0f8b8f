package io.lorastream.evaluator.config;

import io.lorastream.servicekit.kafka.KafkaConnection;
import io.lorastream.servicekit.s3.S3Connection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting of the evaluator-service, under {@code lorastream.evaluator}. Defaults work against the local devstack. */
@ConfigMapping(prefix = "lorastream.evaluator")
public interface EvaluatorConfig {

    /** Kafka connection, consumer group and producer settings. */
    Kafka kafka();

    /** The object store holding models, candidates, golden sets and the evaluation-set checkpoints. */
    S3 s3();

    /** The per-task evaluation sets built from {@code lorastream.examples.holdout}. */
    Sets sets();

    /** Operator-pinned golden sets. */
    Golden golden();

    /** The evaluator's own gate settings (per-task thresholds are in each task's gate policy). */
    Gate gate();

    /** How candidates are queued. */
    Queue queue();

    /** Model loading and inference. */
    Inference inference();

    /** Retries of failed steps. */
    Retry retry();

    /** Bearer tokens of the operator API's writes (golden sets); its reads stay open. */
    Auth auth();

    /**
     * Folder for downloaded base models ({@code models/}) and candidate and champion files; survives restarts
     * so a base model is downloaded once.
     */
    @WithDefault("${lorastream.home:.lorastream}/evaluator")
    Path workDir();

    /** The Kafka group; the keys are declared here (with this service's defaults), the shape in {@link KafkaConnection}. */
    interface Kafka extends KafkaConnection {
        /** Kafka bootstrap servers; defaults to the standard {@code kafka.bootstrap.servers}, else the devstack's. */
        @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9092}")
        String bootstrapServers();

        /** Consumer group of the candidates consumer; replicas in one group share the tasks (partitions). */
        @WithDefault("lorastream-evaluator")
        String groupId();

        /** Upper bound on the time to publish a decision ({@code delivery.timeout.ms}); past it the publish is retried. */
        @WithDefault("30s")
        Duration deliveryTimeout();

        /** Longest a send may block waiting for metadata when the broker is unreachable ({@code max.block.ms}). */
        @WithDefault("10s")
        Duration maxBlock();

        /**
         * Longest the candidates consumer may go without polling ({@code max.poll.interval.ms}). It keeps polling
         * while an evaluation runs, so this only has to cover a stalled poll loop.
         */
        @WithDefault("5m")
        Duration maxPollInterval();

        /** Extra Kafka client properties passed to every client verbatim (e.g. security settings). */
        Map<String, String> clientProperties();
    }

    /** The S3 group; the keys are declared here (with this service's defaults), the shape in {@link S3Connection}. */
    interface S3 extends S3Connection {
        /** S3 endpoint URL. */
        @WithDefault("${lorastream.s3.endpoint:http://127.0.0.1:9000}")
        String endpoint();

        /** S3 access key. */
        @WithDefault("${lorastream.s3.access-key:lorastream}")
        String accessKey();

        /** S3 secret key; never logged. */
        @WithDefault("${lorastream.s3.secret-key:lorastream-secret}")
        String secretKey();

        /** The bucket holding lorastream's objects. */
        @WithDefault("${lorastream.s3.bucket:lorastream}")
        String bucket();

        /** Signing region (MinIO and S3Proxy accept any). */
        @WithDefault("us-east-1")
        String region();

        /** How long to wait for a connection before a call fails as retriable. */
        @WithDefault("5s")
        Duration connectTimeout();
    }

    interface Sets {
        /** Most recent held-out items kept per task: the window the quality floor and regression checks use. */
        @WithDefault("1000")
        int windowSize();

        /** Older held-out items kept per task, stratified by label and time slice: the retention set. */
        @WithDefault("1000")
        int retentionSize();

        /** Width of a retention time slice (by the example's ingest time). */
        @WithDefault("1d")
        Duration timeSlice();

        /** How often the sets are checkpointed to the object store when they changed. */
        @WithDefault("60s")
        Duration checkpointInterval();

        /** Key prefix of the checkpoints: one object per holdout partition, {@code <prefix>partition-<n>.json.gz}. */
        @WithDefault("evaluator/holdout-sets/")
        String checkpointPrefix();

        /**
         * Longest an evaluation waits for the held-out follower to read every example published before the
         * evaluation started; past it the evaluation uses what has been read (logged).
         */
        @WithDefault("30s")
        Duration catchUpTimeout();
    }

    interface Golden {
        /** Key prefix of the golden sets: {@code <prefix><task>.jsonl}. */
        @WithDefault("golden/")
        String prefix();

        /** Most items a golden set may hold. */
        @WithDefault("10000")
        int maxItems();
    }

    interface Gate {
        /** Fewest held-out items a candidate is judged on; with fewer it is rejected ({@code holdout_size}). */
        @WithDefault("20")
        int minHoldoutItems();

        /** Fewest items of a class in a retention or golden set before its recall drop counts as forgetting. */
        @WithDefault("10")
        int minClassSupport();

        /** Largest share of answers one class may get before the candidate counts as collapsed ({@code not_collapsed}). */
        @WithDefault("0.95")
        double maxPredictedShare();

        /** Resamples of the paired bootstrap interval of the metric difference. */
        @WithDefault("2000")
        int bootstrapResamples();

        /** Seed of the bootstrap, so a re-evaluation reports the same interval. */
        @WithDefault("42")
        long bootstrapSeed();

        /**
         * Seed of the untrained head a candidate is compared with when its task has no champion yet (base model
         * plus a fresh classifier: chance level).
         */
        @WithDefault("42")
        long baselineSeed();
    }

    interface Queue {
        /**
         * When a newer candidate of the same task is queued behind an older one, reject the older as
         * {@code superseded} instead of evaluating it.
         */
        @WithDefault("true")
        boolean supersede();

        /** Most candidates read ahead of the one being evaluated; the consumer pauses beyond it. */
        @WithDefault("100")
        int maxQueued();
    }

    interface Inference {
        /** Device: {@code auto} (GPU when DJL sees one), {@code cpu}, {@code gpu} or {@code gpu:N}. */
        @WithDefault("auto")
        String device();

        /** Texts per forward pass. */
        @WithDefault("32")
        int batchSize();

        /** Longest token sequence; longer texts are truncated. */
        @WithDefault("128")
        int maxLength();

        /** PyTorch intra-op threads; 0 leaves PyTorch's default (the core count). */
        @WithDefault("0")
        int threads();

        /** Loaded reference models (champions, untrained baselines) kept in memory. */
        @WithDefault("4")
        int cachedModels();

        /** Predictions a cached reference model remembers per text, so re-scoring an unchanged item is free. */
        @WithDefault("20000")
        int cachedPredictionsPerModel();

        /** Optional local folder holding {@code <base-model>/config.json, …}, used before the object store. */
        Optional<Path> localModelsDir();
    }

    interface Retry {
        /** First pause after a transient failure (store or broker unreachable). */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest pause between retries. */
        @WithDefault("30s")
        Duration maxBackoff();

        /** Attempts at an evaluation that fails with an unexpected error before the candidate is rejected. */
        @WithDefault("3")
        int maxAttempts();
    }

    interface Auth {
        /** Whether golden-set writes need an admin bearer token. Set false only where nobody else can reach the port. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Admin tokens, comma-separated, each at least 16 characters (env {@code LORASTREAM_EVALUATOR_AUTH_ADMIN_TOKENS}).
         * When none is set, one is generated on first start into {@link #tokenFile()} and reused.
         */
        Optional<List<String>> adminTokens();

        /** Where the generated local admin token is kept (owner-only permissions); its path is logged, never the token. */
        @WithDefault("${lorastream.home:.lorastream}/evaluator-tokens.properties")
        Path tokenFile();
    }
}
