package io.lorastream.devstack;

import java.util.Map;

/**
 * Logging defaults of the standalone devstack process (slf4j-simple): our own lines at INFO,
 * Kafka's and S3Proxy's chatter at WARN. Any {@code -Dorg.slf4j.simpleLogger.*} given on the
 * command line wins. Has to run before the first logger is created.
 */
final class StandaloneLogging {

    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private static final Map<String, String> DEFAULTS = Map.of(
            "defaultLogLevel", "info",
            "showDateTime", "true",
            "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            "showThreadName", "false",
            "showShortLogName", "true",
            "log.kafka", "warn",
            "log.org.apache.kafka", "warn",
            "log.state.change.logger", "warn",
            "log.org.gaul", "warn");

    private StandaloneLogging() {
    }

    static void applyDefaults() {
        DEFAULTS.forEach((key, value) -> {
            if (System.getProperty(PREFIX + key) == null) {
                System.setProperty(PREFIX + key, value);
            }
        });
    }
}
