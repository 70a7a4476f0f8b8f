package io.lorastream.trainer.domain;

import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.VersionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Version ids of candidates: the time the window was cut (so versions of a task sort in training
 * order) and a suffix derived from the task and the window's exact offset ranges (so the same
 * window always names the same candidate).
 */
public final class VersionNaming {

    private VersionNaming() {
    }

    public static String versionOf(String task, List<OffsetRange> ranges, Instant plannedAt) {
        StringBuilder identity = new StringBuilder(task);
        ranges.stream()
                .sorted(Comparator.comparing(OffsetRange::topic).thenComparingInt(OffsetRange::partition)
                        .thenComparingLong(OffsetRange::fromOffset))
                .forEach(r -> identity.append('|').append(r.topic()).append(':').append(r.partition()).append(':')
                        .append(r.fromOffset()).append('-').append(r.toOffset()));
        return VersionId.of(plannedAt, sha256(identity.toString()).substring(0, 12));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
