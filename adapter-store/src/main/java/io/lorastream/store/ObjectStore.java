package io.lorastream.store;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import io.minio.http.Method;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * lorastream's one bucket on an S3 server, through the MinIO client: objects in and out with their
 * SHA-256 recorded as user metadata and checked on the way back, listings, server-side copies and
 * presigned URLs. Every failure is an {@link ObjectStoreException} that says whether a retry can help.
 * Thread-safe.
 */
public final class ObjectStore {

    /** User metadata key holding the hex SHA-256 of an object's bytes. */
    public static final String SHA256_METADATA = "sha256";

    /** Objects up to this size go in one PUT; larger ones in parts of this size. */
    private static final long PART_SIZE = 16L * 1024 * 1024;

    private final MinioClient client;
    private final String bucket;

    private ObjectStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /**
     * A store on {@code settings}' bucket. No request is made yet.
     *
     * @param connectTimeout how long to wait for a connection before the call fails as retriable
     */
    public static ObjectStore connect(S3Settings settings, Duration connectTimeout) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(2, TimeUnit.MINUTES)
                .writeTimeout(2, TimeUnit.MINUTES)
                .build();
        MinioClient client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .httpClient(http)
                .build();
        return new ObjectStore(client, settings.bucket());
    }

    /** A store with a 5-second connect timeout. */
    public static ObjectStore connect(S3Settings settings) {
        return connect(settings, Duration.ofSeconds(5));
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket when it does not exist. */
    public void ensureBucket() {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    /** True when the server answers and the bucket exists; for health checks. */
    public boolean isReachable() {
        try {
            return call("check bucket " + bucket,
                    () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
        } catch (ObjectStoreException e) {
            return false;
        }
    }

    /** Writes {@code bytes} under {@code key}, replacing what was there. */
    public StoredObject put(String key, byte[] bytes, String contentType) {
        String sha256 = Sha256.of(bytes);
        call("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType(contentType)
                .userMetadata(Map.of(SHA256_METADATA, sha256))
                .build()));
        return new StoredObject(key, bytes.length, sha256, null);
    }

    /**
     * Writes {@code bytes} under {@code key} only when no object is there yet (a conditional PUT
     * with {@code If-None-Match: *}). Returns false, writing nothing, when the key exists.
     */
    public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        String sha256 = Sha256.of(bytes);
        try {
            call("put " + key + " if absent", () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                    .contentType(contentType)
                    .headers(Map.of("If-None-Match", "*"))
                    .userMetadata(Map.of(SHA256_METADATA, sha256))
                    .build()));
            return true;
        } catch (PreconditionFailedException e) {
            return false;
        }
    }

    /** Uploads a file under {@code key} (in parts when large), recording its SHA-256. */
    public StoredObject put(String key, Path file, String contentType) {
        try {
            String sha256 = Sha256.of(file);
            long size = Files.size(file);
            call("put " + key, () -> {
                try (InputStream in = Files.newInputStream(file)) {
                    return client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                            .stream(in, size, size <= PART_SIZE ? -1 : PART_SIZE)
                            .contentType(contentType)
                            .userMetadata(Map.of(SHA256_METADATA, sha256))
                            .build());
                }
            });
            return new StoredObject(key, size, sha256, null);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + file + " to upload it as " + key, false, e);
        }
    }

    /** The object's bytes, or empty when there is none. */
    public Optional<byte[]> find(String key) {
        try {
            return Optional.of(getBytes(key));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The object's bytes. */
    public byte[] getBytes(String key) {
        return call("get " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            }
        }, key);
    }

    /** A stream of the object's bytes from {@code offset}, {@code length} bytes long (or to the end when negative). */
    public InputStream open(String key, long offset, long length) {
        return call("get " + key, () -> {
            GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket).object(key);
            if (offset > 0 || length >= 0) {
                args.offset(offset);
                if (length >= 0) {
                    args.length(length);
                }
            }
            return client.getObject(args.build());
        }, key);
    }

    /**
     * Downloads the object into {@code target}, replacing it in one rename only once its SHA-256
     * is {@code expectedSha256} (when given), so a reader never sees a partial or corrupt file.
     *
     * @return the SHA-256 of what was downloaded
     * @throws IntegrityException when the bytes do not match
     */
    public String download(String key, Path target, String expectedSha256) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, target.getFileName().toString(), ".partial");
            try {
                MessageDigest digest = Sha256.newDigest();
                call("get " + key, () -> {
                    try (InputStream in = new DigestInputStream(
                                    client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()), digest);
                            OutputStream out = Files.newOutputStream(partial)) {
                        return in.transferTo(out);
                    }
                }, key);
                String actual = HexFormat.of().formatHex(digest.digest());
                if (expectedSha256 != null && !expectedSha256.equals(actual)) {
                    throw new IntegrityException(key, expectedSha256, actual);
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return actual;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new ObjectStoreException("cannot write " + target + " downloading " + key, false, e);
        }
    }

    /** Size, recorded SHA-256 and time of an object, or empty when there is none. */
    public Optional<StoredObject> stat(String key) {
        try {
            StatObjectResponse stat = call("stat " + key,
                    () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()), key);
            return Optional.of(new StoredObject(key, stat.size(), stat.userMetadata().get(SHA256_METADATA),
                    stat.lastModified() == null ? null : stat.lastModified().toInstant()));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Every object whose key starts with {@code prefix}, in key order. */
    public List<StoredObject> list(String prefix) {
        return call("list " + prefix, () -> {
            List<StoredObject> out = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item item = result.get();
                out.add(new StoredObject(item.objectName(), item.size(), null,
                        item.lastModified() == null ? null : item.lastModified().toInstant()));
            }
            return out;
        });
    }

    /**
     * The names one level below {@code prefix} (which ends with '/'): for {@code candidates/spam/}
     * the version folders, without the prefix and trailing slash, in order.
     */
    public List<String> childNames(String prefix) {
        return call("list " + prefix, () -> {
            List<String> out = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(false).build())) {
                String name = result.get().objectName().substring(prefix.length());
                out.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
            }
            out.sort(null);
            return out;
        });
    }

    /** Copies an object inside the bucket on the server, metadata included. */
    public void copy(String fromKey, String toKey) {
        call("copy " + fromKey + " to " + toKey, () -> client.copyObject(CopyObjectArgs.builder().bucket(bucket)
                .object(toKey).source(CopySource.builder().bucket(bucket).object(fromKey).build()).build()), fromKey);
    }

    /** Deletes an object; deleting a missing key is not an error. */
    public void delete(String key) {
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    /** A URL that lets its holder GET the object without credentials until {@code validFor} has passed. */
    public String presignedGet(String key, Duration validFor) {
        return call("presign " + key, () -> client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET).bucket(bucket).object(key).expiry((int) validFor.toSeconds()).build()));
    }

    // ------------------------------------------------------------------------------------------ errors

    @FunctionalInterface
    private interface Call<T> {
        T run() throws Exception;
    }

    private <T> T call(String what, Call<T> call) {
        return call(what, call, null);
    }

    /** Runs a client call, turning its many checked exceptions into {@link ObjectStoreException}s. */
    private <T> T call(String what, Call<T> call, String key) {
        try {
            return call.run();
        } catch (ObjectStoreException e) {
            throw e;
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? "" : e.errorResponse().code();
            if (key != null && ("NoSuchKey".equals(code) || "NoSuchObject".equals(code))) {
                throw new ObjectNotFoundException(key, e);
            }
            if ("PreconditionFailed".equals(code) || (e.response() != null && e.response().code() == 412)) {
                throw new PreconditionFailedException(what, e);
            }
            boolean retriable = e.response() != null && (e.response().code() >= 500 || e.response().code() == 429);
            throw new ObjectStoreException("S3 refused to " + what + ": " + code + " " + e.getMessage(), retriable, e);
        } catch (ServerException e) {
            throw new ObjectStoreException("S3 failed to " + what + " (server error " + e.statusCode() + ")", true, e);
        } catch (IOException e) {
            // Connection refused or reset, timeouts: the server is away, not the request wrong.
            throw new ObjectStoreException("cannot reach S3 to " + what + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectStoreException("interrupted while trying to " + what, false, e);
        } catch (Exception e) {
            throw new ObjectStoreException("cannot " + what + ": " + e, false, e);
        }
    }

    /** A conditional write found the key taken. */
    static final class PreconditionFailedException extends ObjectStoreException {
        PreconditionFailedException(String what, Throwable cause) {
            super("precondition failed: " + what, false, cause);
        }
    }
}
