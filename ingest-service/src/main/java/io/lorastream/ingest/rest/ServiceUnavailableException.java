package io.lorastream.ingest.rest;

/** The service cannot take examples right now; the client should retry after the advertised delay. */
public final class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(String message) {
        super(message);
    }
}
