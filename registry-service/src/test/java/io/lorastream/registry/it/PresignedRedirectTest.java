package io.lorastream.registry.it;

import static io.lorastream.registry.it.RegistryFixtures.READ_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.decision;
import static io.lorastream.registry.it.RegistryFixtures.version;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.registry.client.AdapterWatcher;
import io.lorastream.registry.client.RegistryClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Downloads by presigned redirect: the registry only checks the recorded sha256 and sends the client
 * to S3, so the client's own check is what catches bytes replaced with forged metadata.
 */
@QuarkusTest
@TestProfile(PresignedRedirectTest.Redirecting.class)
@WithTestResource(DevStackTestResource.class)
class PresignedRedirectTest extends RunningRegistry {

    /** The registry with presigned redirects on. */
    public static class Redirecting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lorastream.registry.serving.presigned-redirect", "true");
        }
    }

    @Test
    void theClientVerifiesWhatItFetchesFromS3AndKeepsItsAdapterOnAMismatch() throws Exception {
        String task = "presigned";
        RegistryFixtures.putTask(task);
        RegistryClient client = client();
        RecordingListener first = new RecordingListener();
        CandidateEvent v1 = fixtures.candidate(task, version(1), 50_000);
        try (AdapterWatcher ignored = AdapterWatcher.builder(client, task, clientDir).listener(first).start()) {
            fixtures.decide(decision(v1, null, true));
            first.awaitVersion(v1.version());
        }
        assertThat(Files.readAllBytes(clientDir.resolve(v1.version()).resolve("adapter_model.safetensors")))
                .isEqualTo(fixtures.objects.getBytes(v1.objectPrefix() + "adapter_model.safetensors"));

        Response redirect = given().auth().oauth2(READ_TOKEN).redirects().follow(false)
                .get("/v1/tasks/{task}/versions/{version}/files/adapter_model.safetensors", task, v1.version());
        assertThat(redirect.statusCode()).isEqualTo(307);
        assertThat(redirect.header("Location")).startsWith(devStack.s3Endpoint()).contains("X-Amz-Signature=");
        assertThat(redirect.header("X-Lorastream-Sha256")).isEqualTo(v1.files().get("adapter_model.safetensors"));

        CandidateEvent v2 = fixtures.champion(task, 2, v1.version(), 50_000);
        byte[] forged = new byte[50_000];
        new Random(3).nextBytes(forged);
        fixtures.forge(ObjectLayout.adapterPrefix(task, v2.version()) + "adapter_model.safetensors", forged,
                v2.files().get("adapter_model.safetensors"));

        RecordingListener listener = new RecordingListener();
        try (AdapterWatcher watcher = AdapterWatcher.builder(client, task, clientDir).listener(listener)
                .optRejectedRetry(Duration.ofSeconds(30)).start()) {
            listener.awaitRejected(v2.version());
            assertThat(listener.rejected.get(0).reason()).contains("sha256").contains("discarded");
            assertThat(watcher.current()).hasValueSatisfying(a -> assertThat(a.version()).isEqualTo(v1.version()));
            assertThat(listener.installed).extracting(RecordingListener.Installed::version).containsExactly(v1.version());
            assertThat(clientDir.resolve(v2.version())).doesNotExist();
        }
    }
}
