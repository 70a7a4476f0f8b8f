package io.lorastream.registry.it;

import static io.lorastream.registry.it.RegistryFixtures.READ_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.version;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Files streamed straight from S3 (the file cache off): whole files and ranges arrive intact, and
 * bytes replaced behind forged metadata make the registry cut the download before its end, then
 * refuse the file at once.
 */
@QuarkusTest
@TestProfile(StreamThroughTest.WithoutCache.class)
@WithTestResource(DevStackTestResource.class)
class StreamThroughTest extends RunningRegistry {

    /** The registry with its file cache off. */
    public static class WithoutCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lorastream.registry.serving.cache-enabled", "false");
        }
    }

    private static final String WEIGHTS = "adapter_model.safetensors";

    @Test
    void streamsWholeFilesAndRangesAndCutsADownloadWhoseBytesDoNotMatch() throws Exception {
        String task = "stream-through";
        RegistryFixtures.putTask(task);
        CandidateEvent v1 = fixtures.champion(task, 1, null, 2_000_000);
        String path = "/v1/tasks/{task}/versions/{version}/files/" + WEIGHTS;
        byte[] weights = fixtures.objects.getBytes(v1.objectPrefix() + WEIGHTS);

        Response whole = given().auth().oauth2(READ_TOKEN).get(path, task, v1.version());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.header("Content-Length")).isEqualTo(Integer.toString(weights.length));
        assertThat(whole.asByteArray()).isEqualTo(weights);
        Response range = given().auth().oauth2(READ_TOKEN).header("Range", "bytes=1000000-1000099").get(path, task, v1.version());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.asByteArray()).isEqualTo(Arrays.copyOfRange(weights, 1_000_000, 1_000_100));

        byte[] forged = new byte[weights.length];
        new Random(11).nextBytes(forged);
        fixtures.forge(ObjectLayout.adapterPrefix(task, v1.version()) + WEIGHTS, forged, v1.files().get(WEIGHTS));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(registryUrl + "v1/tasks/" + task + "/versions/"
                + v1.version() + "/files/" + WEIGHTS)).header("Authorization", "Bearer " + READ_TOKEN).build();
        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()))
                .as("the registry must not complete a response whose bytes do not match").isInstanceOf(IOException.class);
        HttpResponse<String> again = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(500);
        assertThat(again.body()).contains("sha256_mismatch");
        assertThat(RegistryFixtures.metric("lorastream_registry_integrity_failures_total")).isGreaterThanOrEqualTo(2);
    }
}
