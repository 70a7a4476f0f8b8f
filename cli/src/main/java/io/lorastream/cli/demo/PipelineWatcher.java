package io.lorastream.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows one task through the pipeline and prints what happens as it happens: the trainer's jobs
 * (stage, step, loss, speed, time left), each candidate's arrival in the registry, the evaluator's
 * verdict and its reasons, and champion changes. It waits until a given number of training jobs have
 * finished since it was created and every candidate they made has been judged (and, if approved,
 * promoted).
 */
final class PipelineWatcher {

    private static final Duration POLL = Duration.ofSeconds(2);
    /** Between two progress lines of the same running job. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    /** Registry statuses after which nothing more happens to a version on its own. */
    private static final Set<String> SETTLED = Set.of("champion", "approved", "rejected", "failed");

    private final ServiceApi api;
    private final String task;
    /** Trainer jobs that had finished before this watcher started. */
    private final Set<String> jobsBefore = new LinkedHashSet<>();
    private final Set<String> finishedJobs = new LinkedHashSet<>();
    private final Set<String> succeededJobs = new LinkedHashSet<>();
    private final Map<String, String> statusByVersion = new HashMap<>();
    private String lastJobLine = "";
    private long lastJobLineAt;
    private String champion;
    /** Anything seen moving: a job's step or stage, a job finishing, a version changing status. */
    private String lastState = "";

    PipelineWatcher(ServiceApi api, String task) throws IOException, InterruptedException {
        this.api = api;
        this.task = task;
        api.trainerTask(task).ifPresent(view -> view.path("recentJobs").forEach(j -> jobsBefore.add(j.path("version").asText())));
        for (JsonNode version : api.versions(task)) {
            statusByVersion.put(version.path("version").asText(), version.path("status").asText());
            if (version.path("champion").asBoolean()) {
                champion = version.path("version").asText();
            }
        }
    }

    /** Trainer jobs finished since this watcher was created. */
    int finishedJobs() {
        return finishedJobs.size();
    }

    /** Versions trained since this watcher was created, oldest first. */
    List<String> trainedVersions() {
        return List.copyOf(succeededJobs);
    }

    /** The champion as last seen, or null. */
    String champion() {
        return champion;
    }

    /**
     * Prints progress until {@code jobs} jobs have finished since this watcher was created and their
     * candidates are settled. A slow machine only makes this take longer: it gives up when nothing
     * has moved (no training step, no finished job, no verdict) for {@code stall}.
     *
     * @throws IOException when the pipeline stalls that long, or a service fails
     */
    void awaitJobs(int jobs, Duration stall) throws IOException, InterruptedException {
        long lastMove = System.nanoTime();
        while (true) {
            Optional<JsonNode> trainer = api.trainerTask(task);
            trainer.ifPresent(this::followTrainer);
            followRegistry();
            String state = trainer.map(t -> t.path("job").toString()).orElse("") + finishedJobs + statusByVersion;
            if (!state.equals(lastState)) {
                lastState = state;
                lastMove = System.nanoTime();
            }
            boolean candidatesSettled = succeededJobs.stream().allMatch(v -> SETTLED.contains(statusByVersion.get(v)));
            if (finishedJobs.size() >= jobs && candidatesSettled) {
                return;
            }
            if (System.nanoTime() - lastMove > stall.toNanos()) {
                throw new IOException("the pipeline has not moved for " + stall.toMinutes() + " min: "
                        + finishedJobs.size() + " of " + jobs + " training jobs done, candidates " + statusOf(succeededJobs)
                        + "; see the services' logs in .lorastream/logs");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private void followTrainer(JsonNode view) {
        for (JsonNode outcome : view.path("recentJobs")) {
            String version = outcome.path("version").asText();
            if (jobsBefore.contains(version) || !finishedJobs.add(version)) {
                continue;
            }
            String status = outcome.path("status").asText();
            if ("succeeded".equals(status)) {
                succeededJobs.add(version);
                System.out.printf("  trainer: %s trained in %.0f s, candidate announced%n", version,
                        outcome.path("durationSeconds").asDouble());
            } else {
                System.out.printf("  trainer: %s %s: %s%n", version, status, outcome.path("reason").asText());
            }
        }
        JsonNode job = view.path("job");
        if (job.isObject()) {
            String stage = job.path("stage").asText();
            String line;
            if ("training".equals(stage) && job.path("totalSteps").asInt() > 0) {
                line = String.format("  trainer: %s training step %d/%d, loss %s, %.1f examples/s, about %s left",
                        job.path("version").asText(), job.path("step").asInt(), job.path("totalSteps").asInt(),
                        job.path("loss").isNumber() ? String.format("%.3f", job.path("loss").asDouble()) : "-",
                        job.path("examplesPerSecond").asDouble(), Durations.brief(job.path("etaSeconds").asLong()));
            } else {
                line = "  trainer: " + job.path("version").asText() + " " + stage + " (" + view.path("pendingExamples").asInt()
                        + " new examples waiting for the next window)";
            }
            boolean sameStage = line.startsWith(lastJobLine.replaceAll(" step .*", ""));
            if (!line.equals(lastJobLine) && (!sameStage || System.nanoTime() - lastJobLineAt > PROGRESS_EVERY.toNanos())) {
                System.out.println(line);
                lastJobLine = line;
                lastJobLineAt = System.nanoTime();
            }
        }
    }

    /** What the evaluator will judge on, as it holds it now: the recent held-out window and the older retention set. */
    private String evaluationSets() throws IOException, InterruptedException {
        return api.evaluationSets(task).map(sets -> String.format(" on %d held-out mails %s and %d older ones %s",
                sets.path("holdout").path("items").asInt(), sets.path("holdout").path("labels"),
                sets.path("retention").path("items").asInt(), sets.path("retention").path("labels"))).orElse("");
    }

    private void followRegistry() throws IOException, InterruptedException {
        for (JsonNode version : api.versions(task)) {
            String id = version.path("version").asText();
            String status = version.path("status").asText();
            String before = statusByVersion.put(id, status);
            if (status.equals(before)) {
                continue;
            }
            switch (status) {
                case "candidate" -> System.out.println("  evaluator: judging " + id + " against "
                        + (champion == null ? "the base model (no champion yet)" : "champion " + champion)
                        + evaluationSets());
                case "rejected" -> System.out.println("  evaluator: " + id + " REJECTED: " + version.path("reasons"));
                case "promoting" -> System.out.println("  evaluator: " + id + " approved; registry promoting it");
                case "approved" -> System.out.println("  registry: " + id + " approved");
                case "champion" -> {
                    System.out.println("  registry: " + id + " is the champion now"
                            + (champion == null ? "" : " (was " + champion + ")"));
                    champion = id;
                }
                case "failed" -> System.out.println("  registry: promoting " + id + " failed: " + version.path("reasons"));
                default -> System.out.println("  registry: " + id + " is " + status);
            }
        }
    }

    private String statusOf(Set<String> versions) {
        StringBuilder out = new StringBuilder("{");
        for (String v : versions) {
            out.append(out.length() > 1 ? ", " : "").append(v).append('=').append(statusByVersion.getOrDefault(v, "not in the registry yet"));
        }
        return out.append('}').toString();
    }
}
