package io.lorastream.ingest.kafka;

/** The back-off between retries of the service's Kafka loops. */
final class Pause {

    private Pause() {
    }

    /** Sleeps; an interrupt ends the pause early and stays set for the loop to see. */
    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
