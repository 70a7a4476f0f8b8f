package io.lorastream.bench.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * One look at a process through /proc: resident memory, threads and open file descriptors, the three
 * numbers that grow when a service leaks.
 */
record ProcessSample(Instant at, long rssKiB, int threads, int openFiles) {

    /** Samples {@code pid} now; Linux only. */
    static ProcessSample of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rss = -1;
        int threads = -1;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        int files;
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            files = (int) fds.count();
        }
        return new ProcessSample(Instant.now(), rss, threads, files);
    }
}
