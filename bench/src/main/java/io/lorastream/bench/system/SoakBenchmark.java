package io.lorastream.bench.system;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorastream.bench.BenchMails;
import io.lorastream.bench.BenchResults;
import io.lorastream.lora.data.SpamAssassinEmail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A bounded soak of the running local system: continuous ingest (new mail plus re-sent duplicates)
 * into a task that trains every {@value #WINDOW} examples, for a fixed time, while the four services'
 * resident memory, threads and open files are sampled from /proc. A leak shows as growth between the
 * middle and the last third of the run (the first third is warm-up: heaps and caches filling, JIT).
 * Writes {@code bench/results/soak.json}.
 *
 * <p>Arguments: {@code [minutes] [new mails per second]} (default 10 and 4). Run with
 * {@code ./lorastream bench soak [minutes] [rate]} after {@code ./lorastream up}.
 */
public final class SoakBenchmark {

    private static final int WINDOW = 100;
    private static final long SEED = 2026;
    private static final Duration TICK = Duration.ofSeconds(5);
    private static final int SAMPLE_EVERY_TICKS = 2;
    /** Re-sent rows per tick: dedup's path, counted and not written, at ten times the new rate. */
    private static final int DUPLICATES_FACTOR = 10;
    /** Growth between the middle and last third above which a number counts as not flat. */
    private static final double FLAT_RSS_GROWTH = 0.05;

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        if (minutes < 1 || minutes > 60 || rate < 1 || rate > 50) {
            throw new IllegalArgumentException("minutes in 1..60 and new mails per second in 1..50");
        }
        LocalSystem system = LocalSystem.fromEnvironment();
        int perTick = (int) (rate * TICK.toSeconds());
        int ticks = (int) (Duration.ofMinutes(minutes).toMillis() / TICK.toMillis());
        List<SpamAssassinEmail> mails = BenchMails.distinct(perTick * ticks, SEED);
        BenchResults.write("soak", new SoakBenchmark().run(system, minutes, rate, perTick, ticks, mails));
    }

    private Map<String, Object> run(LocalSystem system, int minutes, int rate, int perTick, int ticks,
                                    List<SpamAssassinEmail> mails) throws Exception {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : LocalSystem.SERVICES) {
            OptionalLong pid = system.pid(service);
            if (pid.isEmpty()) {
                throw new IllegalStateException(service + " does not run: start the local system first (./lorastream up)");
            }
            pids.put(service, pid.getAsLong());
        }
        String task = "bench-soak-" + Long.toString(Instant.now().getEpochSecond(), 36);
        SystemApi api = new SystemApi(system);
        Map<String, List<ProcessSample>> samples = new LinkedHashMap<>();
        pids.keySet().forEach(s -> samples.put(s, new ArrayList<>()));
        long accepted = 0;
        long duplicates = 0;
        try (PipelineEvents events = new PipelineEvents(system.bootstrapServers(), task)) {
            api.putTask(task, spec(task));
            System.out.printf("soak: task %s, %d min, %d new mails/s plus %dx re-sent, a job every %d train examples%n",
                    task, minutes, rate, DUPLICATES_FACTOR, WINDOW);
            Instant start = Instant.now();
            for (int tick = 0; tick < ticks; tick++) {
                List<SpamAssassinEmail> fresh = mails.subList(tick * perTick, (tick + 1) * perTick);
                SystemApi.Sent sent = api.send(task, fresh, task + "-");
                accepted += sent.train() + sent.holdout();
                List<SpamAssassinEmail> seen = mails.subList(0, (tick + 1) * perTick);
                for (int i = 0; i < DUPLICATES_FACTOR; i++) {
                    // Already-accepted mail again, under new ids: the content hash makes them duplicates.
                    int from = (int) ((long) (tick * 7919 + i * 104729) % seen.size());
                    List<SpamAssassinEmail> again = seen.subList(from, Math.min(seen.size(), from + perTick));
                    duplicates += api.send(task, again, task + "-again-" + tick + "-" + i + "-").duplicates();
                }
                if (tick % SAMPLE_EVERY_TICKS == 0) {
                    for (Map.Entry<String, Long> e : pids.entrySet()) {
                        samples.get(e.getKey()).add(ProcessSample.of(e.getValue()));
                    }
                    System.out.printf("  %3ds: accepted %d, duplicates %d, %s, rss MiB %s%n",
                            Duration.between(start, Instant.now()).toSeconds(), accepted, duplicates, events.counts(),
                            rssNow(samples));
                }
                Instant next = start.plus(TICK.multipliedBy(tick + 1));
                long wait = Duration.between(Instant.now(), next).toMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            return result(task, minutes, rate, accepted, duplicates, events.counts(), samples);
        }
    }

    private static ObjectNode spec(String task) {
        ObjectNode spec = SystemApi.spamTask(task, WINDOW, "PT30M", 0.2);
        // One epoch: a job takes about as long as its window takes to arrive, so cycles follow each other.
        spec.putObject("training").put("epochs", 1);
        return spec;
    }

    private static Map<String, Long> rssNow(Map<String, List<ProcessSample>> samples) {
        Map<String, Long> out = new LinkedHashMap<>();
        samples.forEach((s, list) -> out.put(s.replace("-service", ""), list.get(list.size() - 1).rssKiB() / 1024));
        return out;
    }

    private static Map<String, Object> result(String task, int minutes, int rate, long accepted, long duplicates,
                                              Map<String, Integer> cycles, Map<String, List<ProcessSample>> samples) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "soak");
        out.put("measuredAt", Instant.now().toString());
        out.put("machine", BenchResults.machine());
        out.put("task", task);
        out.put("minutes", minutes);
        out.put("newMailsPerSecond", rate);
        out.put("acceptedExamples", accepted);
        out.put("duplicatesCounted", duplicates);
        out.put("pipeline", cycles);
        out.put("flatRule", "median RSS of the last third at most " + (int) (FLAT_RSS_GROWTH * 100)
                + "% above the middle third's; threads and open files of the last third at most the run's first-half maximum + 5");
        Map<String, Object> services = new LinkedHashMap<>();
        samples.forEach((service, list) -> services.put(service, summary(list)));
        out.put("services", services);
        return out;
    }

    private static Map<String, Object> summary(List<ProcessSample> list) {
        int third = Math.max(1, list.size() / 3);
        List<ProcessSample> middle = list.subList(third, Math.min(list.size(), 2 * third));
        List<ProcessSample> last = list.subList(Math.min(list.size() - 1, 2 * third), list.size());
        List<ProcessSample> firstHalf = list.subList(0, Math.max(1, list.size() / 2));
        double middleRss = median(middle.stream().mapToLong(ProcessSample::rssKiB).toArray());
        double lastRss = median(last.stream().mapToLong(ProcessSample::rssKiB).toArray());
        int threadsBefore = firstHalf.stream().mapToInt(ProcessSample::threads).max().orElse(0);
        int threadsLast = last.stream().mapToInt(ProcessSample::threads).max().orElse(0);
        int filesBefore = firstHalf.stream().mapToInt(ProcessSample::openFiles).max().orElse(0);
        int filesLast = last.stream().mapToInt(ProcessSample::openFiles).max().orElse(0);
        double growth = middleRss == 0 ? 0 : (lastRss - middleRss) / middleRss;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rssMiBMiddleThirdMedian", Math.round(middleRss / 1024));
        s.put("rssMiBLastThirdMedian", Math.round(lastRss / 1024));
        s.put("rssGrowth", Math.round(growth * 1000) / 1000.0);
        s.put("threadsFirstHalfMax", threadsBefore);
        s.put("threadsLastThirdMax", threadsLast);
        s.put("openFilesFirstHalfMax", filesBefore);
        s.put("openFilesLastThirdMax", filesLast);
        s.put("flat", growth <= FLAT_RSS_GROWTH && threadsLast <= threadsBefore + 5 && filesLast <= filesBefore + 5);
        List<Map<String, Object>> series = new ArrayList<>();
        for (ProcessSample p : list) {
            series.add(Map.of("at", p.at().toString(), "rssMiB", p.rssKiB() / 1024, "threads", p.threads(),
                    "openFiles", p.openFiles()));
        }
        s.put("samples", series);
        return s;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        if (sorted.length == 0) {
            return 0;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }
}
