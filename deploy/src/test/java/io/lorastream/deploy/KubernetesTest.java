package io.lorastream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.deploy.model.Compose;
import io.lorastream.deploy.model.Kustomize;
import io.lorastream.deploy.model.Repo;
import io.lorastream.deploy.model.RuntimeEnv;
import io.lorastream.deploy.model.Service;
import io.lorastream.deploy.model.Yaml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kustomize base, overlays and components, rendered as kubectl would apply them, against the services' sources. */
class KubernetesTest {

    /** All resources of one rendering, by kind and name. */
    record Manifests(String where, List<Map<String, Object>> resources) {
        Map<String, Object> get(String kind, String name) {
            return resources.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(metadata(r).get("name")))
                    .findFirst().orElse(null);
        }

        List<Map<String, Object>> all(String kind) {
            return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
        }

        /** The key/value pairs of a ConfigMap's data or a Secret's data/stringData, or null when there is none. */
        Map<String, Object> pairs(String kind, String name) {
            Map<String, Object> r = get(kind, name);
            if (r == null) {
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>(Yaml.mapOrEmpty(r.get("data"), name + ".data"));
            if (kind.equals("Secret")) {
                // A Secret's data is base64, as kustomize's secretGenerator writes it.
                out.replaceAll((k, v) -> new String(Base64.getDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8));
            }
            out.putAll(Yaml.mapOrEmpty(r.get("stringData"), name + ".stringData"));
            return out;
        }
    }

    private static final Map<String, Manifests> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /** One rendering per overlay and components for the whole class: kubectl starts in a few hundred ms. */
    static Manifests render(String overlay, String... components) {
        String where = overlay + (components.length > 0 ? " + " + String.join(", ", components) : "");
        return RENDERED.computeIfAbsent(where, w -> new Manifests(w, Kustomize.build(overlay, components)));
    }

    static Map<String, Object> metadata(Map<String, Object> r) {
        return Yaml.map(r.get("metadata"), "metadata");
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... path) {
        Object n = node;
        for (String p : path) {
            if (!(n instanceof Map<?, ?> m)) {
                return null;
            }
            n = m.get(p);
        }
        return (T) n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/gpu"})
    void everyDeploymentRunsItsServiceWithRealPortsProbesAndConfig(String overlay) {
        Manifests m = render(overlay);
        List<String> problems = new ArrayList<>();
        for (Service s : Service.ALL) {
            problems.addAll(deploymentProblems(m, s));
        }
        assertThat(m.all("Deployment")).hasSize(Service.ALL.size());
        assertThat(problems).isEmpty();
        // Every ConfigMap and Secret is loaded by some container, so each of their keys went through the checks above.
        String containers = String.valueOf(m.all("Deployment").stream().map(d -> at(d, "spec", "template", "spec", "containers")).toList());
        for (String kind : List.of("ConfigMap", "Secret")) {
            for (Map<String, Object> r : m.all(kind)) {
                assertThat(containers).as("%s %s is used by a container", kind, metadata(r).get("name"))
                        .containsPattern("name=" + java.util.regex.Pattern.quote(String.valueOf(metadata(r).get("name"))) + "[,}]");
            }
        }
    }

    static List<String> deploymentProblems(Manifests m, Service s) {
        List<String> problems = new ArrayList<>();
        String name = "lorastream-" + s.name();
        String where = m.where() + " Deployment " + name;
        Map<String, Object> d = m.get("Deployment", name);
        if (d == null) {
            problems.add(where + " is missing");
            return problems;
        }
        Map<String, Object> podLabels = at(d, "spec", "template", "metadata", "labels");
        Map<String, Object> selector = at(d, "spec", "selector", "matchLabels");
        if (podLabels == null || selector == null || !podLabels.entrySet().containsAll(selector.entrySet())) {
            problems.add(where + ": selector " + selector + " does not select its pods " + podLabels);
            return problems;
        }
        // The job name the dashboards and alerts select on comes from this label (ServiceMonitor, kubernetes-scrape.yml).
        if (!s.applicationName().equals(podLabels.get("app.kubernetes.io/name")) || !"lorastream".equals(podLabels.get("app.kubernetes.io/part-of"))) {
            problems.add(where + ": pods need app.kubernetes.io/name=" + s.applicationName() + " and app.kubernetes.io/part-of=lorastream, have " + podLabels);
        }
        Map<String, Object> annotations = Yaml.mapOrEmpty(at(d, "spec", "template", "metadata", "annotations"), where);
        Map<String, Object> scrape = Map.of("prometheus.io/scrape", "true", "prometheus.io/path", s.metricsPath(),
                "prometheus.io/port", String.valueOf(s.port()));
        if (!annotations.entrySet().containsAll(scrape.entrySet())) {
            problems.add(where + ": scrape annotations " + annotations + " should be " + scrape);
        }
        Map<String, Object> pod = at(d, "spec", "template", "spec");
        Map<String, Object> podSecurity = Yaml.mapOrEmpty(pod.get("securityContext"), where);
        String[] user = ImagesTest.user(ImagesTest.JVM).split(":");
        if (!Boolean.TRUE.equals(podSecurity.get("runAsNonRoot")) || !Objects.equals(String.valueOf(podSecurity.get("runAsUser")), user[0])
                || !Objects.equals(String.valueOf(podSecurity.get("fsGroup")), user[1])) {
            problems.add(where + ": securityContext " + podSecurity + " should run as non-root " + user[0] + " with fsGroup " + user[1]);
        }
        List<Object> containers = Yaml.list(pod.get("containers"), where + ".containers");
        if (containers.size() != 1) {
            problems.add(where + ": expected one container, found " + containers.size());
            return problems;
        }
        Map<String, Object> c = Yaml.map(containers.get(0), where + ".containers[0]");
        where = where + " container " + c.get("name");
        if (!s.name().equals(c.get("name")) || !String.valueOf(c.get("image")).matches("lorastream/" + s.name() + "(-gpu)?:.+")) {
            problems.add(where + ": should be named " + s.name() + " and run lorastream/" + s.name() + "[-gpu]:<tag>, runs " + c.get("image"));
        }
        List<Object> ports = Yaml.listOrEmpty(c.get("ports"), where + ".ports");
        if (ports.size() != 1 || !Map.of("name", "http", "containerPort", s.port()).equals(Yaml.map(ports.get(0), where + ".ports[0]"))) {
            problems.add(where + ": ports " + ports + " should be [{name: http, containerPort: " + s.port() + "}]");
        }
        for (String probe : List.of("startupProbe:started", "readinessProbe:ready", "livenessProbe:live")) {
            String[] kv = probe.split(":");
            Object path = at(c, kv[0], "httpGet", "path");
            Object port = at(c, kv[0], "httpGet", "port");
            if (!s.healthPaths().contains(String.valueOf(path)) || !String.valueOf(path).endsWith("/" + kv[1])
                    || !("http".equals(port) || Integer.valueOf(s.port()).equals(port))) {
                problems.add(where + ": " + kv[0] + " asks " + path + " on port " + port + "; the service answers …/" + kv[1] + " of "
                        + s.healthPaths() + " on " + s.port());
            }
        }
        for (String r : List.of("requests.cpu", "requests.memory", "limits.memory")) {
            if (at(c, "resources", r.split("\\.")[0], r.split("\\.")[1]) == null) {
                problems.add(where + ": no resources." + r);
            }
        }
        if (!Boolean.FALSE.equals(at(c, "securityContext", "allowPrivilegeEscalation"))) {
            problems.add(where + ": allowPrivilegeEscalation must be false");
        }
        // A container-level securityContext overrides the pod's: it must not undo the non-root user.
        Object containerUser = at(c, "securityContext", "runAsUser");
        if (Boolean.FALSE.equals(at(c, "securityContext", "runAsNonRoot"))
                || containerUser != null && !Objects.equals(String.valueOf(containerUser), user[0])) {
            problems.add(where + ": container securityContext " + c.get("securityContext") + " overrides the non-root user " + user[0]);
        }
        Map<String, Object> env = environment(m, c, where, problems);
        problems.addAll(RuntimeEnv.problems(s, env, where));
        List<Object> mounts = Yaml.listOrEmpty(c.get("volumeMounts"), where + ".volumeMounts");
        List<String> mountPaths = mounts.stream().map(v -> String.valueOf(Yaml.map(v, "volumeMount").get("mountPath"))).toList();
        if (env.containsKey("LORASTREAM_HOME") && !mountPaths.contains(env.get("LORASTREAM_HOME"))) {
            problems.add(where + ": LORASTREAM_HOME " + env.get("LORASTREAM_HOME") + " is not a mounted volume " + mountPaths);
        }
        if (Boolean.TRUE.equals(at(c, "securityContext", "readOnlyRootFilesystem")) && !mountPaths.contains("/tmp")) {
            problems.add(where + ": a read-only root file system needs a volume on /tmp (Vert.x and DJL write there)");
        }
        Map<String, Object> service = m.get("Service", name);
        if (service == null || !podLabels.entrySet().containsAll(Yaml.mapOrEmpty(at(service, "spec", "selector"), name).entrySet())
                || Yaml.mapOrEmpty(at(service, "spec", "selector"), name).isEmpty()) {
            problems.add(m.where() + " Service " + name + " is missing or does not select the pods");
        } else {
            Map<String, Object> port = Yaml.map(Yaml.list(at(service, "spec", "ports"), name + ".ports").get(0), name + ".ports[0]");
            if (!"http".equals(port.get("name")) || !"http".equals(port.get("targetPort")) || !Integer.valueOf(s.port()).equals(port.get("port"))) {
                problems.add(m.where() + " Service " + name + ": port " + port + " should be {name: http, port: " + s.port() + ", targetPort: http}");
            }
        }
        return problems;
    }

    /** The container's environment: envFrom ConfigMaps and Secrets (which must exist), then env (refs must resolve). */
    static Map<String, Object> environment(Manifests m, Map<String, Object> c, String where, List<String> problems) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (Object from : Yaml.listOrEmpty(c.get("envFrom"), where + ".envFrom")) {
            Map<String, Object> f = Yaml.map(from, where + ".envFrom[]");
            String kind = f.containsKey("configMapRef") ? "ConfigMap" : "Secret";
            String ref = String.valueOf((Object) at(f, kind.equals("ConfigMap") ? "configMapRef" : "secretRef", "name"));
            Map<String, Object> pairs = m.pairs(kind, ref);
            if (pairs == null) {
                problems.add(where + ": envFrom " + kind + " " + ref + " does not exist");
            } else {
                pairs.forEach((k, v) -> env.put(k, kind.equals("Secret") ? "(secret)" : v));
            }
        }
        for (Object e : Yaml.listOrEmpty(c.get("env"), where + ".env")) {
            Map<String, Object> var = Yaml.map(e, where + ".env[]");
            String name = String.valueOf(var.get("name"));
            Map<String, Object> secretRef = at(var, "valueFrom", "secretKeyRef");
            Map<String, Object> configRef = at(var, "valueFrom", "configMapKeyRef");
            if (secretRef != null || configRef != null) {
                String kind = secretRef != null ? "Secret" : "ConfigMap";
                Map<String, Object> ref = secretRef != null ? secretRef : configRef;
                Map<String, Object> pairs = m.pairs(kind, String.valueOf(ref.get("name")));
                if (pairs == null || !pairs.containsKey(String.valueOf(ref.get("key")))) {
                    problems.add(where + ": " + name + " refers to " + kind + " " + ref.get("name") + " key " + ref.get("key") + ", which does not exist");
                }
                env.put(name, "(reference)");
            } else {
                env.put(name, var.get("value"));
            }
        }
        return env;
    }

    @Test
    void everyServiceWithTokensGetsThemFromASecret() {
        // A generated token would differ per pod and vanish with its emptyDir: every replica must share one.
        Manifests m = render("base");
        List<String> withTokens = new ArrayList<>();
        for (Service s : Service.ALL) {
            for (String key : List.of(s.config().mappingPrefix() + ".auth.admin-tokens", s.config().mappingPrefix() + ".auth.read-tokens",
                    s.config().mappingPrefix() + ".auth.tokens")) {
                if (!s.config().keys().contains(key)) {
                    continue;
                }
                withTokens.add(key);
                Map<String, Object> c = Yaml.map(Yaml.list(at(m.get("Deployment", "lorastream-" + s.name()), "spec", "template", "spec",
                        "containers"), "containers").get(0), "container");
                assertThat(Yaml.listOrEmpty(c.get("env"), "env")).as("%s sets %s from a Secret", s.name(), key).anySatisfy(e -> {
                    Map<String, Object> var = Yaml.map(e, "env[]");
                    assertThat(var.get("name")).isEqualTo(io.lorastream.deploy.model.ConfigKeys.envName(key));
                    assertThat((Object) at(var, "valueFrom", "secretKeyRef", "name")).isEqualTo("lorastream-tokens");
                });
            }
        }
        // Registry read and admin, trainer, evaluator, ingest producer tokens.
        assertThat(withTokens).hasSizeGreaterThanOrEqualTo(5).contains("lorastream.ingest.auth.tokens");
    }

    @Test
    void theGpuOverlayPutsTrainersOnGpuNodesWithTheGpuImage() {
        Manifests m = render("overlays/gpu");
        Map<String, Object> trainer = m.get("Deployment", "lorastream-trainer");
        Map<String, Object> pod = at(trainer, "spec", "template", "spec");
        Map<String, Object> c = Yaml.map(Yaml.list(pod.get("containers"), "containers").get(0), "container");
        assertThat(String.valueOf((Object) at(c, "resources", "limits", "nvidia.com/gpu"))).isEqualTo("1");
        assertThat(Yaml.mapOrEmpty(pod.get("nodeSelector"), "nodeSelector")).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(Yaml.listOrEmpty(pod.get("tolerations"), "tolerations")).anySatisfy(t ->
                assertThat(Yaml.map(t, "toleration")).containsEntry("key", "nvidia.com/gpu").containsEntry("effect", "NoSchedule"));
        assertThat(String.valueOf(c.get("image"))).startsWith("lorastream/trainer-gpu:");
        // The image compose builds from trainer-gpu.Dockerfile has the same name.
        assertThat(String.valueOf(Compose.services().get("trainer").get("image"))).startsWith("lorastream/trainer-gpu:");
        assertThat(environment(m, c, "gpu trainer", new ArrayList<>())).containsEntry("LORASTREAM_TRAINER_JOBS_DEVICE", "gpu");
        // Only the trainer asks for a GPU.
        for (Map<String, Object> d : m.all("Deployment")) {
            if (d != trainer) {
                assertThat(String.valueOf(d)).as("%s", metadata(d).get("name")).doesNotContain("nvidia.com/gpu");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local"})
    void withoutTheGpuOverlayNothingAsksForAGpu(String overlay) {
        Manifests m = render(overlay);
        assertThat(String.valueOf(m.resources())).doesNotContain("nvidia.com/gpu");
        Map<String, Object> trainer = m.get("Deployment", "lorastream-trainer");
        Map<String, Object> c = Yaml.map(Yaml.list(at(trainer, "spec", "template", "spec", "containers"), "containers").get(0), "c");
        assertThat(String.valueOf(c.get("image"))).startsWith("lorastream/trainer:");
    }

    @Test
    void theLocalOverlayIsSmallAndUsesTheDevstacksCredentialsAndValidTokens() {
        Manifests m = render("overlays/local");
        for (Map<String, Object> d : m.all("Deployment")) {
            assertThat((Object) at(d, "spec", "replicas")).as("%s replicas", metadata(d).get("name")).isEqualTo(1);
        }
        assertThat(m.pairs("Secret", "lorastream-s3-credentials")).containsEntry("LORASTREAM_S3_ACCESS_KEY", "lorastream")
                .containsEntry("LORASTREAM_S3_SECRET_KEY", "lorastream-secret");
        Map<String, Object> tokens = m.pairs("Secret", "lorastream-tokens");
        for (String key : List.of("registry-read-tokens", "registry-admin-tokens", "trainer-admin-tokens", "evaluator-admin-tokens",
                "ingest-tokens")) {
            for (String entry : String.valueOf(tokens.get(key)).split(",")) {
                String token = entry.substring(entry.indexOf(':') + 1);
                assertThat(token.length()).as("%s: tokens need at least 16 characters (the registry refuses shorter ones)", key)
                        .isGreaterThanOrEqualTo(16);
            }
        }
        assertThat(m.pairs("ConfigMap", "lorastream-kafka")).containsKey("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void theBaseCarriesOnlyPlaceholdersForSecrets() {
        Manifests m = render("base");
        for (Map<String, Object> s : m.all("Secret")) {
            Yaml.mapOrEmpty(s.get("stringData"), "stringData").forEach((k, v) ->
                    assertThat(v).as("%s %s", metadata(s).get("name"), k).isEqualTo("REPLACE_ME"));
            assertThat(s).doesNotContainKey("data");
        }
    }

    @Test
    void theStrimziTopicsAreTheContractsTopics() {
        Manifests m = render("overlays/local", "strimzi-topics");
        Map<String, String> topics = new TreeMap<>();
        for (Map<String, Object> t : m.all("KafkaTopic")) {
            Map<String, Object> spec = Yaml.map(t.get("spec"), "spec");
            Map<String, Object> config = Yaml.map(spec.get("config"), "spec.config");
            topics.put(String.valueOf(spec.get("topicName")), spec.get("partitions") + " " + config.get("cleanup.policy") + " "
                    + config.get("retention.ms"));
            assertThat((Object) at(t, "metadata", "labels", "strimzi.io/cluster")).isNotNull();
            assertThat(metadata(t).get("namespace")).isEqualTo("lorastream");
        }
        assertThat(topics).isEqualTo(ComposeTest.expectedTopics());
    }

    @Test
    void theServiceMonitorScrapesEveryServiceUnderItsApplicationName() {
        Manifests m = render("overlays/local", "servicemonitor");
        Map<String, Object> monitor = m.get("ServiceMonitor", "lorastream");
        assertThat(monitor).isNotNull();
        Map<String, Object> selector = at(monitor, "spec", "selector", "matchLabels");
        String jobLabel = at(monitor, "spec", "jobLabel");
        Map<String, Object> endpoint = Yaml.map(Yaml.list(at(monitor, "spec", "endpoints"), "endpoints").get(0), "endpoints[0]");
        for (Service s : Service.ALL) {
            Map<String, Object> service = m.get("Service", "lorastream-" + s.name());
            Map<String, Object> labels = at(service, "metadata", "labels");
            assertThat(labels.entrySet()).as("Service of %s is selected", s.name()).containsAll(selector.entrySet());
            assertThat(labels).as("the job label gives the job the dashboards select").containsEntry(jobLabel, s.applicationName());
            assertThat(endpoint).containsEntry("port", "http").containsEntry("path", s.metricsPath());
        }
    }

    @Test
    void theKubernetesScrapeConfigNamesJobsAfterTheAppLabel() {
        Map<String, Object> job = Yaml.map(Yaml.list(Yaml.loadMap(Repo.path("deploy/prometheus/kubernetes-scrape.yml"))
                .get("scrape_configs"), "scrape_configs").get(0), "scrape_configs[0]");
        List<Object> relabel = Yaml.list(job.get("relabel_configs"), "relabel_configs");
        assertThat(relabel).anySatisfy(r -> assertThat(Yaml.map(r, "relabel")).containsEntry("target_label", "job")
                .containsEntry("source_labels", List.of("__meta_kubernetes_pod_label_app_kubernetes_io_name")));
        assertThat(relabel).anySatisfy(r -> assertThat(Yaml.map(r, "relabel"))
                .containsEntry("source_labels", List.of("__meta_kubernetes_pod_annotation_prometheus_io_scrape"))
                .containsEntry("action", "keep").containsEntry("regex", "true"));
    }
}
