package io.lorastream.cli.demo;

/** Short human durations for progress lines. */
final class Durations {

    private Durations() {
    }

    /** {@code 42 s}, {@code 3 min 05 s}. */
    static String brief(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        return String.format("%d min %02d s", seconds / 60, seconds % 60);
    }
}
