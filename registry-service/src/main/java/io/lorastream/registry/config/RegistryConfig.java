package io.lorastream.registry.config;

import io.lorastream.servicekit.kafka.KafkaConnection;
import io.lorastream.servicekit.s3.S3Connection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting of the registry-service, under {@code lorastream.registry}. Defaults work against the local devstack. */
@ConfigMapping(prefix = "lorastream.registry")
public interface RegistryConfig {

    /** Kafka connection, producer and consumer-group settings. */
    Kafka kafka();

    /** The object store holding candidates and promoted adapters. */
    S3 s3();

    /** Bearer tokens for readers (inference services) and admins (task changes, promotion). */
    Auth auth();

    /** Champion lookups, long-polls and file downloads. */
    Serving serving();

    /** Request limits. */
    Limits limits();

    /** Handling of the evaluator's decisions. */
    Promotion promotion();

    /** The Kafka group; the keys are declared here (with this service's defaults), the shape in {@link KafkaConnection}. */
    interface Kafka extends KafkaConnection {
        /** Kafka bootstrap servers; defaults to the standard {@code kafka.bootstrap.servers}, else the devstack's. */
        @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9092}")
        String bootstrapServers();

        /**
         * Consumer group on the decisions topic. Every replica joins it, so each decision is handled
         * (promoted or recorded) by exactly one replica; all replicas read every topic in full besides.
         */
        @WithDefault("lorastream-registry")
        String groupId();

        /** Upper bound on the time to learn a write's outcome ({@code delivery.timeout.ms}). */
        @WithDefault("10s")
        Duration deliveryTimeout();

        /** Longest a send may block waiting for metadata when the broker is unreachable ({@code max.block.ms}). */
        @WithDefault("5s")
        Duration maxBlock();

        /** Extra Kafka client properties passed to every client verbatim (e.g. security settings). */
        Map<String, String> clientProperties();
    }

    /** The S3 group; the keys are declared here (with this service's defaults), the shape in {@link S3Connection}. */
    interface S3 extends S3Connection {
        /** S3 endpoint URL; defaults to the devstack's {@code lorastream.s3.endpoint}, else http://127.0.0.1:9000. */
        @WithDefault("${lorastream.s3.endpoint:http://127.0.0.1:9000}")
        String endpoint();

        /** S3 access key id. */
        @WithDefault("${lorastream.s3.access-key:lorastream}")
        String accessKey();

        /** S3 secret key; never logged. */
        @WithDefault("${lorastream.s3.secret-key:lorastream-secret}")
        String secretKey();

        /** The bucket holding candidates and adapters. */
        @WithDefault("${lorastream.s3.bucket:lorastream}")
        String bucket();

        /** Signing region (MinIO and S3Proxy accept any). */
        @WithDefault("us-east-1")
        String region();

        /** How long to wait for a connection to S3 before a call fails as retriable. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** How long the champion-history and decision-outcome listings of a task are reused before S3 is asked again. */
        @WithDefault("2s")
        Duration listingCacheTtl();
    }

    interface Auth {
        /**
         * Whether {@code /v1} requires a bearer token. On by default; set {@code false} only for a
         * registry nobody else can reach (it logs a warning at start).
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Read tokens (champion, versions, files, SSE), comma-separated, each {@code token} or
         * {@code name:token} (the name appears in logs and the champion history, the token never does).
         * Env: {@code LORASTREAM_REGISTRY_AUTH_READ_TOKENS}.
         */
        Optional<List<String>> readTokens();

        /**
         * Admin tokens (everything a read token can, plus task changes and champion promotion or
         * rollback), in the same form. Env: {@code LORASTREAM_REGISTRY_AUTH_ADMIN_TOKENS}.
         */
        Optional<List<String>> adminTokens();

        /**
         * Used when auth is on and no token is configured (the local default): a properties file with
         * {@code read-token} and {@code admin-token}, generated with random tokens on first start
         * (owner-only permissions) and read on later starts. Its path is logged, its tokens are not.
         */
        @WithDefault("${lorastream.home:.lorastream}/registry-tokens.properties")
        Path tokenFile();
    }

    interface Serving {
        /** Longest a champion long-poll ({@code ?wait=}) is held; longer waits asked for are cut to this. */
        @WithDefault("60s")
        Duration maxWait();

        /** Interval of SSE keep-alive comments, so proxies and clients notice a dead stream. */
        @WithDefault("15s")
        Duration sseHeartbeat();

        /**
         * Answer file downloads with a 307 redirect to a presigned S3 URL instead of streaming them
         * through the registry. The client must reach the S3 endpoint then, and only the registry's
         * metadata check (not a full re-hash) happens on the registry side.
         */
        @WithDefault("false")
        boolean presignedRedirect();

        /** How long a presigned URL stays valid. */
        @WithDefault("5m")
        Duration presignedValidity();

        /**
         * Serve adapter files from a local cache of verified copies (named by SHA-256, filled on first
         * request, sent with zero-copy file transfer). Off: every download streams from S3, re-hashed on
         * the way.
         */
        @WithDefault("true")
        boolean cacheEnabled();

        /** Folder of the adapter file cache. */
        @WithDefault("${lorastream.home:.lorastream}/registry-cache")
        Path cacheDir();

        /** Size budget of the adapter file cache in bytes; least recently used files go first. */
        @WithDefault("2147483648")
        long cacheMaxBytes();

        /** Bytes read from S3 and written to the client at a time when streaming a file. */
        @WithDefault("262144")
        int streamBufferBytes();
    }

    interface Limits {
        /** Largest accepted request body (task spec, promotion request) in bytes; larger gets 413. */
        @WithDefault("65536")
        int maxBodyBytes();

        /** Longest accepted promotion reason in characters. */
        @WithDefault("500")
        int maxReasonChars();

        /** Versions per page when a request names no {@code limit}. */
        @WithDefault("50")
        int defaultPageSize();

        /** Largest accepted {@code limit} of the versions listing. */
        @WithDefault("500")
        int maxPageSize();
    }

    interface Promotion {
        /** Pause before handling a decision again after S3 or Kafka failed (retriable errors). */
        @WithDefault("2s")
        Duration retryBackoff();

        /** Longest to wait for the candidates topic to show a decision's candidate before failing the promotion. */
        @WithDefault("30s")
        Duration candidateWait();

        /** Longest a task change or champion change waits for its record to come back from Kafka into this replica's view. */
        @WithDefault("10s")
        Duration viewCatchUp();
    }
}
