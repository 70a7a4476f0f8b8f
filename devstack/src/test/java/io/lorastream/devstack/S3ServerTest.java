package io.lorastream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lorastream.contracts.ObjectLayout;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;

class S3ServerTest {

    private static final String BUCKET = ObjectLayout.BUCKET;

    @TempDir
    static Path dataDir;

    static S3Server server;
    static MinioClient client;

    @BeforeAll
    static void startServer() {
        server = new S3Server(dataDir.resolve("s3"), LoopbackPorts.freePort(), S3Credentials.DEFAULT);
        server.start();
        server.ensureBucket(BUCKET);
        client = S3TestClients.client(server.endpoint(), "lorastream", "lorastream-secret");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void bucketExistsAndEnsuringItAgainChangesNothing() throws Exception {
        assertThat(client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())).isTrue();
        assertThat(server.ensureBucket(BUCKET)).isFalse();
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws Exception {
        S3TestClients.put(client, BUCKET, "candidates/spam/v1/training.json", "{\"loss\":0.1}");

        assertThat(S3TestClients.get(client, BUCKET, "candidates/spam/v1/training.json")).isEqualTo("{\"loss\":0.1}");
    }

    @Test
    void wrongSecretIsRefusedWith403() {
        MinioClient impostor = S3TestClients.client(server.endpoint(), "lorastream", "not-the-secret");

        assertThatThrownBy(() -> S3TestClients.put(impostor, BUCKET, "x.txt", "nope"))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.response().code()).isEqualTo(403);
                    assertThat(e.errorResponse().code()).isEqualTo("SignatureDoesNotMatch");
                });
    }

    @Test
    void unsignedRequestIsRefusedWith403() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/" + BUCKET + "/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void objectsAndMetadataSurviveARestart() throws Exception {
        S3TestClients.put(client, BUCKET, "adapters/spam/v1/adapter_config.json", "{\"r\":8}");

        server.stop();
        assertThat(server.isRunning()).isFalse();
        server.start();

        assertThat(S3TestClients.get(client, BUCKET, "adapters/spam/v1/adapter_config.json")).isEqualTo("{\"r\":8}");
        assertThat(client.statObject(io.minio.StatObjectArgs.builder().bucket(BUCKET)
                .object("adapters/spam/v1/adapter_config.json").build()).contentType()).isEqualTo("text/plain");
    }

    @Test
    void busyPortIsReportedWithItsNumberAndRole() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, LoopbackPorts.address())) {
            S3Server blocked = new S3Server(dataDir.resolve("blocked"), squatter.getLocalPort(), S3Credentials.DEFAULT);

            assertThatThrownBy(blocked::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("S3 port " + squatter.getLocalPort() + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void credentialsNeverPrintTheSecret() {
        assertThat(S3Credentials.DEFAULT.toString()).doesNotContain("lorastream-secret");
    }
}
