package io.lorastream.ingest.domain;

/** Where a row came in: the HTTP API or the Kafka feedback topic. Used as a metric tag. */
public enum Channel {
    HTTP("http"), KAFKA("kafka");

    private final String tag;

    Channel(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
