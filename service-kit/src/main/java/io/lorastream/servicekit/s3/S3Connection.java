package io.lorastream.servicekit.s3;

import java.time.Duration;

/**
 * Where a service's object store is and how to sign in. A service's {@code @ConfigMapping} S3 group
 * extends this and redeclares the methods with its own {@code @WithDefault} and javadoc, so each
 * service keeps its config keys and their documentation.
 */
public interface S3Connection {

    /** S3 endpoint URL. */
    String endpoint();

    /** Access key id. */
    String accessKey();

    /** Secret access key; never logged. */
    String secretKey();

    /** The bucket holding lorastream's objects. */
    String bucket();

    /** Signing region. */
    String region();

    /** How long to wait for a connection before an S3 call fails (as retriable). */
    Duration connectTimeout();
}
