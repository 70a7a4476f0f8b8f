package io.lorastream.registry.client;

import java.io.IOException;

/** A downloaded adapter file does not have the SHA-256 the registry announced for it; it was not installed. */
public final class AdapterVerificationException extends IOException {

    private final String version;
    private final String file;

    /** The file {@code file} of {@code version} hashed to {@code actualSha256} instead of {@code expectedSha256}. */
    public AdapterVerificationException(String version, String file, String expectedSha256, String actualSha256) {
        super("adapter " + version + " file '" + file + "' has sha256 " + actualSha256 + ", the registry announced "
                + expectedSha256 + "; the download was discarded");
        this.version = version;
        this.file = file;
    }

    /** The version whose download was discarded. */
    public String version() {
        return version;
    }

    /** The file that did not match. */
    public String file() {
        return file;
    }
}
