package io.lorastream.contracts;

import java.time.Duration;
import java.util.List;

/** Names and layout of every Kafka topic in the lorastream flow (see docs/architecture.md). */
public final class Topics {

    /** Task specs, keyed by task id; compacted, one record a task. Written by the registry. */
    public static final String TASKS = "lorastream.tasks";
    /** Raw, untrusted feedback from Kafka-native producers, keyed by task id. Read by ingest. */
    public static final String FEEDBACK = "lorastream.feedback";
    /** Validated training examples, keyed by task id. Kept long: it is the replay source. */
    public static final String EXAMPLES_TRAIN = "lorastream.examples.train";
    /** Validated held-out examples, keyed by task id. Read by the evaluator. */
    public static final String EXAMPLES_HOLDOUT = "lorastream.examples.holdout";
    /** Rejected feedback with the reason, field and origin in headers. Read by operators. */
    public static final String EXAMPLES_DLQ = "lorastream.examples.dlq";
    /** Candidate adapters announced by the trainer. */
    public static final String ADAPTERS_CANDIDATES = "lorastream.adapters.candidates";
    /** Evaluator verdicts with every check's value, threshold and verdict. */
    public static final String ADAPTERS_DECISIONS = "lorastream.adapters.decisions";
    /** Current champion per task; compacted, one record a task. Written by the registry. */
    public static final String ADAPTERS_CHAMPIONS = "lorastream.adapters.champions";

    /**
     * Partitions of every per-task topic. Tasks are the unit of parallelism: a consumer group
     * of trainers or evaluators spreads at most this many partitions over its replicas.
     */
    public static final int TASK_PARTITIONS = 6;

    private static final Duration DAYS_7 = Duration.ofDays(7);

    /** Every topic with the layout the blueprint gives it. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(TASKS, 1, true, null),
            new TopicSpec(FEEDBACK, TASK_PARTITIONS, false, DAYS_7),
            new TopicSpec(EXAMPLES_TRAIN, TASK_PARTITIONS, false, null),
            new TopicSpec(EXAMPLES_HOLDOUT, TASK_PARTITIONS, false, null),
            new TopicSpec(EXAMPLES_DLQ, TASK_PARTITIONS, false, DAYS_7),
            new TopicSpec(ADAPTERS_CANDIDATES, TASK_PARTITIONS, false, null),
            new TopicSpec(ADAPTERS_DECISIONS, TASK_PARTITIONS, false, null),
            new TopicSpec(ADAPTERS_CHAMPIONS, 1, true, null));

    private Topics() {
    }
}
