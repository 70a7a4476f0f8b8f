package io.lorastream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.deploy.model.Compose;
import io.lorastream.deploy.model.Dockerfile;
import io.lorastream.deploy.model.Repo;
import io.lorastream.deploy.model.RuntimeEnv;
import io.lorastream.deploy.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The images run the fast-jar as a non-root user; the GPU trainer brings exactly the libtorch DJL's JNI wants. */
class ImagesTest {

    static final Dockerfile JVM = Dockerfile.read(Repo.path("deploy/docker/jvm.Dockerfile"));
    static final Dockerfile GPU = Dockerfile.read(Repo.path("deploy/docker/trainer-gpu.Dockerfile"));

    /** The uid:gid the images run as. */
    static String user(Dockerfile d) {
        return d.image().user();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvm.Dockerfile", "trainer-gpu.Dockerfile"})
    void runsTheFastJarAsANonRootUserWithItsDataOnAVolume(String name) {
        Dockerfile.Stage image = Dockerfile.read(Repo.path("deploy/docker/" + name)).image();
        String user = image.user();
        assertThat(user).as("%s USER", name).matches("\\d+:\\d+");
        String uid = user.split(":")[0];
        String gid = user.split(":")[1];
        assertThat(Integer.parseInt(uid)).as("%s runs as a non-root uid", name).isPositive();
        assertThat(Integer.parseInt(gid)).isPositive();
        String run = String.join("\n", image.all("RUN"));
        assertThat(run).as("%s creates the user it runs as", name).contains("useradd --system --uid " + uid)
                .contains("groupadd --system --gid " + gid).contains("curl");
        // The fast-jar layout as Quarkus writes it, and the entrypoint that runs it with $JAVA_OPTS.
        assertThat(image.all("COPY")).contains("lib/ /deployments/lib/", "quarkus/ /deployments/quarkus/", "app/ /deployments/app/",
                "quarkus-run.jar /deployments/quarkus-run.jar");
        assertThat(image.all("ENTRYPOINT")).containsExactly("[\"sh\", \"-c\", \"exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar\"]");
        // The only writable place is the data folder (LORASTREAM_HOME in compose and Kubernetes), owned by the user.
        assertThat(image.all("VOLUME")).containsExactly("[\"/var/lib/lorastream\"]");
        assertThat(run).contains("chown lorastream:lorastream /var/lib/lorastream");
        assertThat(image.env().get("JAVA_OPTS")).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError")
                .contains(RuntimeEnv.NATIVE_HEAP_TRIM);
        assertThat(image.from()).startsWith("eclipse-temurin:17-jre");
    }

    /** Every Dockerfile under deploy/docker, so that a new image cannot skip the checks below. */
    static List<Path> everyDockerfile() throws IOException {
        try (Stream<Path> files = Files.list(Repo.path("deploy/docker"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("Dockerfile")).sorted().toList();
        }
    }

    @Test
    void everyDockerfileEndsAsANumericNonRootUser() throws IOException {
        List<Path> dockerfiles = everyDockerfile();
        assertThat(dockerfiles).extracting(f -> f.getFileName().toString())
                .as("the detailed check above covers every Dockerfile").containsExactlyInAnyOrder("jvm.Dockerfile", "trainer-gpu.Dockerfile");
        List<String> problems = new ArrayList<>();
        for (Path file : dockerfiles) {
            String user = Dockerfile.read(file).image().user();
            // Numeric: a user name is resolved inside the image, and Kubernetes' runAsNonRoot cannot verify a name.
            if (user == null || !user.matches("\\d+(:\\d+)?") || Long.parseLong(user.split(":")[0]) == 0) {
                problems.add(file.getFileName() + ": the final stage's last USER is " + user + ", not a numeric non-zero uid");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void composeRunsEveryServiceAsTheImagesUserIfItSetsOne() {
        String imageUser = user(JVM);
        for (Map.Entry<String, Map<String, Object>> service : Compose.services().entrySet()) {
            Object user = service.getValue().get("user");
            if (user != null && String.valueOf(service.getValue().get("image")).startsWith("lorastream/")) {
                assertThat(String.valueOf(user)).as("compose %s user", service.getKey()).isEqualTo(imageUser);
            }
            if (user != null) {
                assertThat(String.valueOf(user)).as("compose %s user", service.getKey()).doesNotMatch("(0|root)(:.*)?");
            }
        }
    }

    @Test
    void theCpuImageUsesTheCpuLibtorchOfTheJar() {
        assertThat(JVM.stages()).hasSize(1);
        assertThat(JVM.image().env().keySet()).noneMatch(k -> k.startsWith("PYTORCH_"));
    }

    @Test
    void theGpuTrainerLoadsLibtorchOfTheJnisVersionForCuda128() {
        String pytorch = property(Repo.read("pom.xml"), "pytorch.version");
        Dockerfile.Stage image = GPU.image();
        Map<String, String> env = image.env();
        assertThat(env).containsEntry("PYTORCH_VERSION", pytorch).containsEntry("PYTORCH_FLAVOR", "cu128")
                .containsEntry("DJL_CACHE_DIR", "/var/lib/lorastream/djl-cache");
        assertThat(env.get("JAVA_OPTS")).contains("-Dai.djl.offline=true");

        // PYTORCH_LIBRARY_PATH is the torch/lib of the libtorch stage's pip install, copied in whole.
        Dockerfile.Stage libtorch = GPU.stages().get(0);
        String stageName = libtorch.from().replaceFirst("(?i).*\\s+as\\s+", "");
        String copy = image.all("COPY").stream().filter(c -> c.startsWith("--from=" + stageName + " ")).findFirst().orElseThrow();
        String[] parts = copy.split("\\s+");
        String target = parts[parts.length - 1].replaceAll("/$", "");
        assertThat(env.get("PYTORCH_LIBRARY_PATH")).isEqualTo(target + "/torch/lib");
        String install = String.join("\n", libtorch.all("RUN"));
        assertThat(install).contains("--index-url https://download.pytorch.org/whl/cu128").contains("\"torch==${TORCH_VERSION}\"")
                .contains("--target " + parts[parts.length - 2].replaceAll("/$", ""))
                .contains("test -f " + parts[parts.length - 2].replaceAll("/$", "") + "/torch/lib/libtorch_cuda.so");
        assertThat(libtorch.all("ARG")).containsExactly("TORCH_VERSION=" + pytorch);

        // DJL would pick the CPU build from the class path: the image deletes that jar where Quarkus puts it
        // (lib/boot, because the trainer loads DJL parent-first), and keeps pytorch-jni (it has the cu128 JNI).
        Service trainer = Service.named("trainer");
        String parentFirst = trainer.config().property("quarkus.class-loading.parent-first-artifacts");
        assertThat(parentFirst).contains("ai.djl.pytorch:pytorch-native-cpu", "ai.djl.pytorch:pytorch-jni");
        assertThat(String.join("\n", image.all("RUN"))).contains("rm /deployments/lib/boot/ai.djl.pytorch.pytorch-native-cpu-*.jar");
        String lora = Repo.read("lora/pom.xml");
        assertThat(lora).contains("<artifactId>pytorch-jni</artifactId>\n      <version>${pytorch.version}-${djl.version}</version>");
        // The NVIDIA runtime exposes the GPU's compute libraries to the container.
        assertThat(env).containsEntry("NVIDIA_VISIBLE_DEVICES", "all");
        assertThat(env.get("NVIDIA_DRIVER_CAPABILITIES")).contains("compute");
    }

    @Test
    void bothImagesRunAsTheSameUser() {
        assertThat(user(GPU)).isEqualTo(user(JVM));
        List<String> fromLines = GPU.stages().stream().map(Dockerfile.Stage::from).toList();
        assertThat(fromLines.get(fromLines.size() - 1)).isEqualTo(JVM.image().from());
    }

    static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(m.find()).as("property %s", name).isTrue();
        return m.group(1).strip();
    }
}
