package io.lorastream.devstack;

import java.util.Objects;

/**
 * The access key pair the devstack's S3 server checks every request's signature against.
 *
 * @param accessKey the AWS access key id
 * @param secretKey the AWS secret access key
 */
public record S3Credentials(String accessKey, String secretKey) {

    /** The documented local default (docs/devstack.md); fine on loopback, never anywhere else. */
    public static final S3Credentials DEFAULT = new S3Credentials("lorastream", "lorastream-secret");

    public S3Credentials {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        if (accessKey.isBlank() || secretKey.isBlank()) {
            throw new IllegalArgumentException("S3 access key and secret key must not be blank");
        }
    }

    /** Keeps the secret out of logs and assertion messages. */
    @Override
    public String toString() {
        return "S3Credentials[accessKey=" + accessKey + ", secretKey=***]";
    }
}
