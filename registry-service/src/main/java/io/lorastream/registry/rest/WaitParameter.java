package io.lorastream.registry.rest;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ?wait=} of a champion long-poll: {@code 30s}, {@code 500ms}, {@code 2m} or plain
 * seconds ({@code 30}). Longer waits than the configured maximum are cut to it, so one client cannot
 * hold a request open for hours.
 */
final class WaitParameter {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private WaitParameter() {
    }

    static Duration parse(String wait, Duration max) {
        if (wait == null || wait.isEmpty()) {
            return Duration.ZERO;
        }
        Matcher matcher = FORMAT.matcher(wait);
        if (!matcher.matches()) {
            throw new ApiException(400, "wait", "invalid_wait", "wait " + PathParams.shown(wait)
                    + " is invalid: give a whole number with unit ms, s or m (e.g. 30s); at most " + max.toSeconds() + "s is used");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        Duration asked = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(Math.min(amount, 1_000_000));
            default -> Duration.ofSeconds(amount);
        };
        return asked.compareTo(max) > 0 ? max : asked;
    }
}
