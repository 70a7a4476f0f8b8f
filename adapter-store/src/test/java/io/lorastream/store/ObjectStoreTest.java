package io.lorastream.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object store against a real S3 server (S3Proxy with signatures on). */
class ObjectStoreTest {

    @TempDir
    static Path serverData;

    @TempDir
    Path work;

    static StoreTestServer server;
    static ObjectStore store;

    @BeforeAll
    static void start() {
        server = new StoreTestServer(serverData);
        store = server.store();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bytesRoundTripWithTheirSha256Recorded() {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);

        StoredObject put = store.put("t/hello.txt", bytes, "text/plain");

        assertThat(store.getBytes("t/hello.txt")).isEqualTo(bytes);
        assertThat(put.sha256()).isEqualTo(Sha256.of(bytes));
        assertThat(store.stat("t/hello.txt")).get().satisfies(o -> {
            assertThat(o.size()).isEqualTo(5);
            assertThat(o.sha256()).isEqualTo(Sha256.of(bytes));
            assertThat(o.lastModified()).isNotNull();
        });
    }

    @Test
    void aMissingKeyIsEmptyOrNotFoundNeverAnotherError() {
        assertThat(store.find("t/none")).isEmpty();
        assertThat(store.stat("t/none")).isEmpty();
        assertThatThrownBy(() -> store.getBytes("t/none")).isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("t/none");
    }

    @Test
    void putIfAbsentWritesOnlyOnce() {
        assertThat(store.putIfAbsent("t/once", "first".getBytes(StandardCharsets.UTF_8), "text/plain")).isTrue();
        assertThat(store.putIfAbsent("t/once", "second".getBytes(StandardCharsets.UTF_8), "text/plain")).isFalse();
        assertThat(new String(store.getBytes("t/once"), StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    void largeFilesGoInPartsAndComeBackVerified() throws Exception {
        Path big = work.resolve("big.bin");
        byte[] bytes = new byte[17 * 1024 * 1024 + 123];
        new Random(1).nextBytes(bytes);
        Files.write(big, bytes);

        StoredObject put = store.put("t/big.bin", big, "application/octet-stream");
        Path back = work.resolve("back/big.bin");
        String sha = store.download("t/big.bin", back, put.sha256());

        assertThat(sha).isEqualTo(Sha256.of(bytes));
        assertThat(Files.readAllBytes(back)).isEqualTo(bytes);
        assertThat(store.stat("t/big.bin")).get().extracting(StoredObject::sha256).isEqualTo(put.sha256());
    }

    @Test
    void aDownloadThatDoesNotMatchItsSha256LeavesNoFileBehind() throws Exception {
        store.put("t/real.txt", "real".getBytes(StandardCharsets.UTF_8), "text/plain");
        Path target = work.resolve("out/real.txt");

        assertThatThrownBy(() -> store.download("t/real.txt", target, Sha256.of(new byte[] {1})))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("t/real.txt");
        assertThat(target).doesNotExist();
        try (var files = Files.list(target.getParent())) {
            assertThat(files).as("no partial file left").isEmpty();
        }
    }

    @Test
    void rangesReadPartOfAnObject() throws Exception {
        store.put("t/range.txt", "0123456789".getBytes(StandardCharsets.UTF_8), "text/plain");

        try (InputStream in = store.open("t/range.txt", 3, 4)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
        }
    }

    @Test
    void listingsAndChildNames() {
        store.put("l/a/1", new byte[] {1}, "application/octet-stream");
        store.put("l/a/2", new byte[] {2}, "application/octet-stream");
        store.put("l/b/1", new byte[] {3}, "application/octet-stream");

        assertThat(store.list("l/a/")).extracting(StoredObject::key).containsExactly("l/a/1", "l/a/2");
        assertThat(store.childNames("l/")).containsExactly("a", "b");
        assertThat(store.childNames("l/none/")).isEmpty();
    }

    @Test
    void copiesKeepTheRecordedSha256() {
        store.put("c/from", "x".getBytes(StandardCharsets.UTF_8), "text/plain");

        store.copy("c/from", "c/to");

        assertThat(store.stat("c/to")).get().extracting(StoredObject::sha256).isEqualTo(Sha256.of("x".getBytes()));
        store.delete("c/to");
        assertThat(store.stat("c/to")).isEmpty();
        store.delete("c/to"); // deleting twice is fine
    }

    @Test
    void presignedUrlsNeedNoCredentials() throws Exception {
        store.put("p/file.txt", "shared".getBytes(StandardCharsets.UTF_8), "text/plain");

        String url = store.presignedGet("p/file.txt", java.time.Duration.ofMinutes(1));

        try (InputStream in = java.net.URI.create(url).toURL().openStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("shared");
        }
    }

    @Test
    void aWrongSecretIsRefusedAndNotWorthRetrying() {
        ObjectStore forged = ObjectStore.connect(new S3Settings(server.settings.endpoint(),
                server.settings.accessKey(), "not-the-secret", "lorastream", null));

        assertThatThrownBy(() -> forged.getBytes("t/hello.txt")).isInstanceOfSatisfying(ObjectStoreException.class,
                e -> assertThat(e.isRetriable()).isFalse());
        assertThat(forged.isReachable()).isFalse();
    }

    @Test
    void anUnreachableServerIsARetriableFailure() {
        ObjectStore away = ObjectStore.connect(new S3Settings("http://127.0.0.1:" + io.lorastream.devstack.LoopbackPorts.freePort(),
                "a", "b", "lorastream", null), java.time.Duration.ofMillis(500));

        assertThatThrownBy(() -> away.put("k", new byte[] {1}, "application/octet-stream"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.isRetriable()).isTrue());
        assertThat(away.isReachable()).isFalse();
    }

    @Test
    void theSettingsNeverPrintTheSecret() {
        assertThat(server.settings.toString()).doesNotContain(server.settings.secretKey()).contains("***");
    }
}
