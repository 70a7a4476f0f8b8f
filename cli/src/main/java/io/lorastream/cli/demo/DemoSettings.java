package io.lorastream.cli.demo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the demo talks to and how big it is, from the environment {@code ./lorastream demo} sets.
 *
 * @param ingest ingest-service base URL ({@code LORASTREAM_INGEST_URL}, default {@code http://127.0.0.1:8081})
 * @param trainer trainer-service base URL ({@code LORASTREAM_TRAINER_URL}, default port 8082)
 * @param evaluator evaluator-service base URL ({@code LORASTREAM_EVALUATOR_URL}, default port 8083)
 * @param registry registry-service base URL ({@code LORASTREAM_REGISTRY_URL}, default port 8084)
 * @param adminToken token for task changes and the trainer's admin API ({@code LORASTREAM_ADMIN_TOKEN})
 * @param readToken token an inference service uses to pull adapters ({@code LORASTREAM_READ_TOKEN})
 * @param ingestToken producer token for sending examples to the ingest-service ({@code LORASTREAM_INGEST_TOKEN})
 * @param workDir where the demo keeps the pulled adapters and the base model ({@code LORASTREAM_HOME}/demo)
 * @param task the task the demo creates ({@code LORASTREAM_DEMO_TASK}, default {@code spam})
 * @param waveSize mails streamed per wave ({@code LORASTREAM_DEMO_WAVE_SIZE}, default 1500); the held-out
 *                 share of them goes to the evaluator, the rest to training
 * @param unseenSize mails never sent anywhere, to measure the final champion ({@code LORASTREAM_DEMO_UNSEEN_SIZE},
 *                   default 600)
 * @param windowSize new examples that start a training job ({@code LORASTREAM_DEMO_WINDOW}, default 1150):
 *                   a little under a wave's training share (about 1,200), so each wave cuts one window
 * @param holdoutShare share of the mail the ingest service routes to the evaluator ({@code LORASTREAM_DEMO_HOLDOUT},
 *                     default 0.2: about 100 mails a wave)
 * @param training training settings to try instead of the task defaults, a JSON object with any of the
 *                 task spec's {@code training} fields ({@code LORASTREAM_DEMO_TRAINING}, e.g.
 *                 {@code {"replayRatio":1.0,"epochs":4}}; default none: the registry's defaults)
 * @param stall how long the pipeline may show no progress at all (no training step, no verdict) before the
 *              demo gives up ({@code LORASTREAM_DEMO_STALL_MINUTES}, default 10); a slow machine only takes longer
 */
record DemoSettings(URI ingest, URI trainer, URI evaluator, URI registry, String adminToken, String readToken,
                    String ingestToken, Path workDir, String task, int waveSize, int unseenSize, int windowSize, double holdoutShare,
                    String training, Duration stall) {

    static DemoSettings from(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("LORASTREAM_HOME", ".lorastream"));
        return new DemoSettings(
                uri(env, "LORASTREAM_INGEST_URL", "http://127.0.0.1:8081"),
                uri(env, "LORASTREAM_TRAINER_URL", "http://127.0.0.1:8082"),
                uri(env, "LORASTREAM_EVALUATOR_URL", "http://127.0.0.1:8083"),
                uri(env, "LORASTREAM_REGISTRY_URL", "http://127.0.0.1:8084"),
                env.get("LORASTREAM_ADMIN_TOKEN"),
                env.get("LORASTREAM_READ_TOKEN"),
                env.get("LORASTREAM_INGEST_TOKEN"),
                home.resolve("demo"),
                env.getOrDefault("LORASTREAM_DEMO_TASK", "spam"),
                positive(env, "LORASTREAM_DEMO_WAVE_SIZE", 1500),
                positive(env, "LORASTREAM_DEMO_UNSEEN_SIZE", 600),
                positive(env, "LORASTREAM_DEMO_WINDOW", 1150),
                share(env, "LORASTREAM_DEMO_HOLDOUT", 0.2),
                env.getOrDefault("LORASTREAM_DEMO_TRAINING", "").strip(),
                Duration.ofMinutes(positive(env, "LORASTREAM_DEMO_STALL_MINUTES", 10)));
    }

    private static URI uri(Map<String, String> env, String name, String fallback) {
        String value = env.getOrDefault(name, fallback);
        return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
    }

    private static double share(Map<String, String> env, String name, double fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.strip());
            if (parsed > 0 && parsed < 1) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number between 0 and 1 (exclusive), got '" + value + "'");
    }
}
