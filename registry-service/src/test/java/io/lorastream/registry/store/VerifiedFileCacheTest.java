package io.lorastream.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.devstack.LoopbackPorts;
import io.lorastream.devstack.S3Credentials;
import io.lorastream.devstack.S3Server;
import io.lorastream.store.IntegrityException;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
import io.lorastream.store.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter file cache against a real S3 server: verified fills, least-recently-used eviction, re-checks across runs. */
class VerifiedFileCacheTest {

    private static S3Server server;
    private static ObjectStore objects;

    @TempDir
    Path cacheDir;

    @BeforeAll
    static void startS3(@TempDir Path s3Dir) {
        server = new S3Server(s3Dir, LoopbackPorts.freePort(), S3Credentials.DEFAULT);
        server.start();
        server.ensureBucket("lorastream");
        objects = ObjectStore.connect(new S3Settings(server.endpoint(), S3Credentials.DEFAULT.accessKey(),
                S3Credentials.DEFAULT.secretKey(), "lorastream", null), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopS3() {
        server.close();
    }

    /** A clock the test moves forward. */
    private static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static String put(String key, int size, int seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return objects.put(key, bytes, "application/octet-stream").sha256();
    }

    @Test
    void fillsOnlyWithVerifiedBytesAndEvictsTheLeastRecentlyUsedAboveTheBudget() throws Exception {
        StepClock clock = new StepClock();
        VerifiedFileCache cache = new VerifiedFileCache(objects, cacheDir, 2500, clock);
        String a = put("adapters/t/v/a", 1000, 1);
        String b = put("adapters/t/v/b", 1000, 2);
        String c = put("adapters/t/v/c", 1000, 3);

        Path fileA = cache.get("adapters/t/v/a", a);
        assertThat(fileA.getFileName().toString()).isEqualTo(a);
        assertThat(Sha256.of(fileA)).isEqualTo(a);
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        cache.get("adapters/t/v/b", b);
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        cache.get("adapters/t/v/a", a);
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        cache.get("adapters/t/v/c", c);

        assertThat(cacheDir.resolve(b)).as("least recently used").doesNotExist();
        assertThat(cacheDir.resolve(a)).exists();
        assertThat(cacheDir.resolve(c)).exists();

        assertThatThrownBy(() -> cache.get("adapters/t/v/a", b)).as("bytes that are not the announced ones")
                .isInstanceOf(IntegrityException.class);
        assertThat(cacheDir.resolve(b)).doesNotExist();
    }

    @Test
    void aCachedFileChangedOnDiskIsFetchedAgainByTheNextRun() throws Exception {
        String a = put("adapters/t/v/d", 4000, 4);
        new VerifiedFileCache(objects, cacheDir, 1 << 20, Clock.systemUTC()).get("adapters/t/v/d", a);
        Files.write(cacheDir.resolve(a), new byte[] {1, 2, 3});
        Files.write(cacheDir.resolve("leftover.partial"), new byte[] {9});

        VerifiedFileCache nextRun = new VerifiedFileCache(objects, cacheDir, 1 << 20, Clock.systemUTC());
        assertThat(cacheDir.resolve("leftover.partial")).doesNotExist();
        Path file = nextRun.get("adapters/t/v/d", a);
        assertThat(Sha256.of(file)).isEqualTo(a);
    }
}
