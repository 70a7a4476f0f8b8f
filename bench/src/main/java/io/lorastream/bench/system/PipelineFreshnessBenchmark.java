package io.lorastream.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorastream.bench.BenchMails;
import io.lorastream.bench.BenchResults;
import io.lorastream.bench.ScratchDir;
import io.lorastream.lora.data.SpamAssassinEmail;
import io.lorastream.registry.client.AdapterListener;
import io.lorastream.registry.client.AdapterWatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Freshness of the whole pipeline on the running local system: from the acknowledgement of the last
 * example of a window by ingest to the adapter trained on it being installed by a registry-client, as
 * an inference service would get it, split into its stages (ingest → candidate announced by the
 * trainer, → decision by the evaluator, → champion change by the registry, → verified install by the
 * client). The task is new for each run and gets two windows: the first makes the first champion (and
 * warms the services: libtorch, model caches, JIT), the second is measured, so the evaluator judges it
 * against a champion as it does in steady state. Training uses the task defaults (what users get).
 * Writes {@code bench/results/pipeline-freshness.json}.
 *
 * <p>Arguments: {@code [window]} (train examples per window, default 200). Run with
 * {@code ./lorastream bench freshness [window]} after {@code ./lorastream up}.
 */
public final class PipelineFreshnessBenchmark {

    private static final long SEED = 2025;
    private static final int BATCH = 100;
    private static final double HOLDOUT = 0.2;
    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(30);

    public static void main(String[] args) throws Exception {
        int window = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        if (window < 100) {
            // The gate judges on at least 20 held-out items (gate.minHoldoutItems); at a 20% share a
            // window of fewer than ~100 train examples brings too few, and the candidate is rejected.
            throw new IllegalArgumentException("window must be at least 100 train examples, got " + window);
        }
        LocalSystem system = LocalSystem.fromEnvironment();
        String task = "bench-fresh-" + Long.toString(Instant.now().getEpochSecond(), 36);
        // Enough mail for two windows after the held-out share, with room for the split's variance.
        List<SpamAssassinEmail> mails = BenchMails.distinct((int) Math.ceil(2.6 * window / (1 - HOLDOUT)), SEED);
        Map<String, Object> result = new PipelineFreshnessBenchmark().run(system, task, window, mails);
        BenchResults.write("pipeline-freshness", result);
    }

    private Map<String, Object> run(LocalSystem system, String task, int window, List<SpamAssassinEmail> mails)
            throws Exception {
        SystemApi api = new SystemApi(system);
        Map<String, Instant> installedAt = new ConcurrentHashMap<>();
        // The inference client's installed adapters, deleted at the end like every benchmark's scratch data.
        try (ScratchDir clientDir = ScratchDir.create("freshness-client-");
                PipelineEvents events = new PipelineEvents(system.bootstrapServers(), task);
                AdapterWatcher watcher = AdapterWatcher.builder(system.registry(), task, clientDir.path())
                        .token(system.readToken()).listener(installs(installedAt)).start()) {
            api.putTask(task, SystemApi.spamTask(task, window, "PT1H", HOLDOUT));
            System.out.printf("task %s: windows of %d train examples, %.0f%% held out%n", task, window, HOLDOUT * 100);

            Feed feed = new Feed(api, task, mails);
            System.out.println("window 1 (makes the first champion, warms the services)");
            Instant firstSent = feed.sendWindow(window);
            Stages first = follow(events, installedAt, List.of(), firstSent);
            System.out.println("window 1: " + first);
            if (first.installedAt == null) {
                throw new IllegalStateException("the first window's candidate was not promoted: " + first.verdict);
            }

            System.out.println("window 2 (measured)");
            Instant lastAcknowledged = feed.sendWindow(window);
            Stages measured = follow(events, installedAt, List.of(first.version), lastAcknowledged);
            System.out.println("window 2: " + measured);
            return result(task, window, first, measured);
        }
    }

    /** Follows the next new version from candidate to install; stops at the decision when it was rejected. */
    private static Stages follow(PipelineEvents events, Map<String, Instant> installedAt, List<String> known,
                                 Instant lastAcknowledged) throws Exception {
        String version = events.awaitNewCandidate(known, STAGE_TIMEOUT);
        PipelineEvents.Seen candidate = events.awaitCandidate(version, STAGE_TIMEOUT);
        System.out.println("  candidate " + version + " announced");
        PipelineEvents.Seen decision = events.awaitDecision(version, STAGE_TIMEOUT);
        boolean approved = decision.value().path("approved").asBoolean();
        System.out.println("  decision: " + (approved ? "approved" : "rejected"));
        if (!approved) {
            return new Stages(version, lastAcknowledged, candidate.writtenAt(), decision.writtenAt(), null, null,
                    checks(decision.value()));
        }
        PipelineEvents.Seen champion = events.awaitChampion(version, STAGE_TIMEOUT);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!installedAt.containsKey(version) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        System.out.println("  champion, installed by the registry-client: " + installedAt.containsKey(version));
        return new Stages(version, lastAcknowledged, candidate.writtenAt(), decision.writtenAt(), champion.writtenAt(),
                installedAt.get(version), "approved");
    }

    private static String checks(JsonNode decision) {
        List<String> failed = new ArrayList<>();
        decision.path("checks").forEach(c -> {
            if (!c.path("passed").asBoolean(true)) {
                failed.add(c.toString());
            }
        });
        return "rejected: " + failed;
    }

    private static AdapterListener installs(Map<String, Instant> installedAt) {
        return (dir, version) -> installedAt.putIfAbsent(version, Instant.now());
    }


    /** The timestamps of one version's way through the pipeline; null for a stage it did not reach. */
    private record Stages(String version, Instant lastAcknowledged, Instant candidateAt, Instant decisionAt,
                          Instant championAt, Instant installedAt, String verdict) {

        Map<String, Object> seconds() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ingestAckToCandidate", between(lastAcknowledged, candidateAt));
            out.put("candidateToDecision", between(candidateAt, decisionAt));
            out.put("decisionToChampion", between(decisionAt, championAt));
            out.put("championToClientInstall", between(championAt, installedAt));
            out.put("total", between(lastAcknowledged, installedAt));
            return out;
        }

        @Override
        public String toString() {
            return version + " " + verdict + " " + seconds();
        }
    }

    private static Double between(Instant from, Instant to) {
        return from == null || to == null ? null : Math.round(Duration.between(from, to).toMillis()) / 1000.0;
    }

    private static Map<String, Object> result(String task, int window, Stages first, Stages measured) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "pipeline-freshness");
        out.put("measuredAt", Instant.now().toString());
        out.put("machine", BenchResults.machine());
        out.put("system", "the local system (./lorastream up): four services, devstack Kafka and S3, one machine");
        out.put("task", task);
        out.put("window", Map.of("trainExamples", window, "holdoutShare", HOLDOUT, "training", "task defaults",
                "data", "SpamAssassin, distinct texts, stratified, seed " + SEED));
        out.put("firstWindowSeconds", first.seconds());
        out.put("measuredVersion", measured.version);
        out.put("verdict", measured.verdict);
        out.put("stageSeconds", measured.seconds());
        return out;
    }

    /** Sends mail in batches of 100 until a window's worth of train examples was accepted. */
    private static final class Feed {
        private final SystemApi api;
        private final String task;
        private final List<SpamAssassinEmail> mails;
        private int next;
        private int trainSent;

        Feed(SystemApi api, String task, List<SpamAssassinEmail> mails) {
            this.api = api;
            this.task = task;
            this.mails = mails;
        }

        /**
         * Sends until the task's train examples reach the next multiple of {@code window} (counted over
         * the whole run, so a window's overshoot is the next window's head), and returns when the batch
         * that crossed it, the one that cut the window, was acknowledged. Batches shrink toward the
         * boundary so that crossing it leaves little for the next window.
         */
        Instant sendWindow(int window) throws Exception {
            int target = (trainSent / window + 1) * window;
            Instant last = null;
            while (trainSent < target) {
                if (next >= mails.size()) {
                    throw new IllegalStateException("ran out of mail at " + trainSent + " of " + target + " train examples");
                }
                int size = Math.max(1, Math.min(BATCH, (int) Math.ceil((target - trainSent) / (1 - HOLDOUT))));
                List<SpamAssassinEmail> batch = mails.subList(next, Math.min(next + size, mails.size()));
                next += batch.size();
                SystemApi.Sent sent = api.send(task, batch, task + "-");
                trainSent += sent.train();
                last = sent.acknowledgedAt();
            }
            System.out.printf("  %d train examples acknowledged in all%n", trainSent);
            return last;
        }
    }
}
