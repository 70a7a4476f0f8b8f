package io.lorastream.ingest.rest;

/** The service cannot take examples right now; the client should retry after the advertised delay. */
public final class ServiceUnavailableException extends RuntimeException {

    private final String rule;

    /** @param rule why, for the error body: {@code not_ready} (starting) or {@code busy} (row workers' queue full) */
    public ServiceUnavailableException(String message, String rule) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
