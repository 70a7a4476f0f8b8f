package io.lorastream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of every thread of one process at one moment, read from {@code /proc/<pid>/task}, so
 * that a phase's CPU can be split by role: GC and JIT threads included, which the JVM's own thread
 * bean cannot see. Linux only; elsewhere a snapshot is empty and the split is left out.
 */
final class ThreadCpu {

    /** Names of the benchmark's own client threads start with this (Linux keeps the first 15 characters). */
    static final String LOAD_GENERATOR_THREAD_PREFIX = "lorastream-bench-client-";

    /** Clock ticks per second of {@code /proc} CPU times; 100 on every Linux kernel we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private record Sample(String name, long ticks) {
    }

    private final Map<String, Sample> byThreadId;

    private ThreadCpu(Map<String, Sample> byThreadId) {
        this.byThreadId = byThreadId;
    }

    static ThreadCpu of(long pid) {
        Map<String, Sample> threads = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return new ThreadCpu(threads);
        }
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // The name is in parentheses and may itself hold spaces or parentheses.
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    // After the name: state(0) ... utime is field 14 of stat, index 11 here; stime index 12.
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    threads.put(task.getFileName().toString(), new Sample(stat.substring(open + 1, close), ticks));
                } catch (IOException | RuntimeException e) {
                    // The thread ended while we read it.
                }
            }
        } catch (IOException e) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(threads);
    }

    /** CPU seconds spent since {@code earlier}, by role; threads that ended in between are not counted. */
    Map<String, Double> secondsByRoleSince(ThreadCpu earlier) {
        Map<String, Double> byRole = new TreeMap<>();
        for (Map.Entry<String, Sample> entry : byThreadId.entrySet()) {
            Sample before = earlier.byThreadId.get(entry.getKey());
            long ticks = entry.getValue().ticks() - (before == null ? 0 : before.ticks());
            if (ticks > 0) {
                byRole.merge(role(entry.getValue().name()), ticks / TICKS_PER_SECOND, Double::sum);
            }
        }
        return byRole;
    }

    /**
     * A thread's role from its (15-character) Linux name. In the benchmark's own JVM "other" is the
     * in-process broker (the S3 server and the main thread sit idle during a phase).
     */
    static String role(String name) {
        if (name.startsWith(LOAD_GENERATOR_THREAD_PREFIX.substring(0, 15))) {
            return "loadGenerator";
        }
        if (name.startsWith("kafka-producer")) {
            return "kafkaProducer";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "gc";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (name.startsWith("executor-thread") || name.startsWith("ingest-rows")) {
            return "httpWorkers";
        }
        if (name.startsWith("vert.x-eventloo") || name.startsWith("vert.x-acceptor")) {
            return "httpEventLoop";
        }
        return "other";
    }
}
