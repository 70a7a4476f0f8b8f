package io.lorastream.store;

import java.util.Objects;

/**
 * Where the object store is and how to sign requests to it.
 *
 * @param endpoint S3 endpoint URL, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key id
 * @param secretKey secret access key; never printed
 * @param bucket the bucket holding lorastream's objects
 * @param region signing region; a fixed one spares a GetBucketLocation round trip before calls
 */
public record S3Settings(String endpoint, String accessKey, String secretKey, String bucket, String region) {

    /** The region used when none is configured (MinIO and S3Proxy accept any). */
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        requireText(endpoint, "endpoint");
        requireText(accessKey, "accessKey");
        requireText(secretKey, "secretKey");
        requireText(bucket, "bucket");
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
    }

    private static void requireText(String value, String name) {
        if (Objects.requireNonNull(value, "S3 " + name).isBlank()) {
            throw new IllegalArgumentException("S3 " + name + " must not be blank");
        }
    }

    /** Keeps the secret out of logs and error messages. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, bucket=" + bucket
                + ", region=" + region + "]";
    }
}
