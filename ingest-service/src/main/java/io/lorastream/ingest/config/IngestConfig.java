package io.lorastream.ingest.config;

import io.lorastream.servicekit.kafka.KafkaConnection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Every setting of the ingest-service, under {@code lorastream.ingest}. Defaults work against the local devstack. */
@ConfigMapping(prefix = "lorastream.ingest")
public interface IngestConfig {

    /** Kafka connection and producer settings. */
    Kafka kafka();

    /** Request and row limits. */
    Limits limits();

    /** Deduplication memory. */
    Dedup dedup();

    /** The Kafka-native input on the feedback topic. */
    Feedback feedback();

    /** Producer tokens for the HTTP API. */
    Auth auth();

    /** The threads that parse, prepare and send the rows of a request. */
    Rows rows();

    interface Rows {
        /**
         * Threads for the rows of buffered requests (bodies up to {@code quarkus.rest.input-buffer-size}); the
         * machine's cores when unset. The work is CPU only: more threads than cores only preempt each other.
         */
        OptionalInt threads();

        /** Buffered requests that may wait for a row thread; one more is answered 503 with Retry-After. */
        @WithDefault("256")
        int maxQueuedRequests();
    }

    /** The Kafka group; the keys are declared here (with this service's defaults), the shape in {@link KafkaConnection}. */
    interface Kafka extends KafkaConnection {
        /** Kafka bootstrap servers; defaults to the standard {@code kafka.bootstrap.servers}, else the devstack's. */
        @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9092}")
        String bootstrapServers();

        /**
         * Upper bound on the time to report success or failure of a write ({@code delivery.timeout.ms}).
         * A request whose rows are not acknowledged within it fails with 503.
         */
        @WithDefault("10s")
        Duration deliveryTimeout();

        /** Longest a send may block waiting for metadata when the broker is unreachable ({@code max.block.ms}). */
        @WithDefault("5s")
        Duration maxBlock();

        /** How long a producer waits to fill a batch ({@code linger.ms}); small keeps request latency low. */
        @WithDefault("2ms")
        Duration linger();

        /**
         * Most bytes of one producer batch ({@code batch.size}). Every row of a task goes to one partition
         * (rows are keyed by task) and a produce request carries one batch per partition, so Kafka's 16 KiB
         * default cut a 100-row request into three produce requests; 256 KiB carries several concurrent
         * requests' rows in one, which costs the producer and the broker less CPU per row.
         */
        @WithDefault("262144")
        int batchSize();

        /**
         * Producer compression ({@code compression.type}): none, gzip, snappy, lz4 or zstd. None by default:
         * on the local broker CPU is what limits throughput, and compression spends CPU to save network.
         */
        @WithDefault("none")
        String compression();

        /** Extra Kafka client properties passed to every client verbatim (e.g. security settings). */
        Map<String, String> clientProperties();

        /** Seconds a client is told to wait before retrying when Kafka is unavailable ({@code Retry-After}). */
        @WithDefault("5")
        int retryAfterSeconds();
    }

    interface Limits {
        /** Largest accepted request body in bytes; a larger one gets 413. */
        @WithDefault("16777216")
        long maxBodyBytes();

        /** Most rows in one request; more gets 413. */
        @WithDefault("10000")
        int maxRowsPerRequest();

        /** Longest accepted {@code id} in characters. */
        @WithDefault("256")
        int maxIdChars();

        /** Longest accepted {@code source} in characters. */
        @WithDefault("128")
        int maxSourceChars();

        /** How many row rejections a response lists (all are counted). */
        @WithDefault("1000")
        int maxRejectionsListed();
    }

    interface Dedup {
        /** Recent distinct examples remembered per task (about 24 bytes each); older duplicates are not caught. */
        @WithDefault("200000")
        int windowPerTask();

        /**
         * Records read back from the end of each train and holdout partition at start-up to restore the
         * dedup memory, so that duplicates are still caught after a restart.
         */
        @WithDefault("1000000")
        long restoreRecordsPerPartition();
    }

    interface Feedback {
        /** Whether to consume the Kafka-native feedback topic. */
        @WithDefault("true")
        boolean enabled();

        /** Consumer group of the feedback consumer; replicas in one group share the partitions. */
        @WithDefault("lorastream-ingest")
        String groupId();

        /** Most records handled per poll. */
        @WithDefault("500")
        int maxPollRecords();
    }

    interface Auth {
        /** Whether sending examples over HTTP needs a producer bearer token. Set false only where nobody else can reach the port. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Producer tokens, comma-separated, each at least 16 characters (env {@code LORASTREAM_INGEST_AUTH_TOKENS}); held
         * only as SHA-256 digests. When none is set, one is generated on first start into {@link #tokenFile()} and reused.
         */
        Optional<List<String>> tokens();

        /** Where the generated local producer token is kept (owner-only permissions); its path is logged, never the token. */
        @WithDefault("${lorastream.home:.lorastream}/ingest-tokens.properties")
        Path tokenFile();
    }
}
