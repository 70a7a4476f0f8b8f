package io.lorastream.contracts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Adapter version ids: immutable, sortable by creation time, safe as an S3 path segment.
 * Shape: {@code v<yyyyMMdd'T'HHmmss'Z'>-<suffix>}, e.g. {@code v20261125T041700Z-3f9a0c1d}.
 */
public final class VersionId {

    /** The rule as a regular expression, quoted in every error message. */
    public static final String RULE = "v[0-9]{8}T[0-9]{6}Z-[a-z0-9]{1,40}";

    private static final Pattern PATTERN = Pattern.compile(RULE);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private VersionId() {
    }

    /**
     * Builds a version id from a creation time and a deterministic suffix, so the same training
     * window always gets the same id (the trainer's idempotence rests on it).
     */
    public static String of(Instant createdAt, String suffix) {
        return require("v" + STAMP.format(createdAt) + "-" + suffix);
    }

    /** True when {@code candidate} follows the rule. */
    public static boolean isValid(String candidate) {
        return candidate != null && PATTERN.matcher(candidate).matches();
    }

    /** Returns {@code candidate} when valid; otherwise throws naming the rule. */
    public static String require(String candidate) {
        if (!isValid(candidate)) {
            throw new IllegalArgumentException("version id '" + candidate + "' is invalid: it must match " + RULE);
        }
        return candidate;
    }
}
