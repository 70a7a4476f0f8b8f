package io.lorastream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.TopicSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.deploy.model.Compose;
import io.lorastream.deploy.model.Repo;
import io.lorastream.deploy.model.RuntimeEnv;
import io.lorastream.deploy.model.Service;
import io.lorastream.deploy.model.Yaml;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml against the services' own config keys, ports, health paths, topics and bucket. */
class ComposeTest {

    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}");

    private final Map<String, Map<String, Object>> services = Compose.services();

    /** The compose services that run a lorastream service, by compose name. */
    private Map<String, Service> lorastreamServices() {
        Map<String, Service> out = new LinkedHashMap<>();
        services.forEach((name, def) -> {
            Service s = Compose.serviceOf(def);
            if (s != null) {
                out.put(name, s);
            }
        });
        return out;
    }

    @Test
    void composeHasTheWholeSystem() {
        assertThat(services).containsKeys("kafka", "kafka-topics", "minio", "minio-bucket", "prometheus", "grafana");
        assertThat(lorastreamServices().values()).containsAll(Service.ALL);
        // Everything but the trainer starts without a profile.
        services.forEach((name, def) -> {
            Service s = Compose.serviceOf(def);
            if (s == null || !s.name().equals("trainer")) {
                assertThat(Compose.profiles(def, name)).as("%s has no profile", name).isEmpty();
            }
        });
        // Every published port is on the host's loopback only.
        services.forEach((name, def) -> Compose.ports(def, name).forEach(p ->
                assertThat(p.hostIp()).as("%s publishes %s on 127.0.0.1", name, p).isEqualTo("127.0.0.1")));
    }

    @Test
    void everyEnvironmentVariableSetsARealConfigKey() {
        List<String> problems = new ArrayList<>();
        lorastreamServices().forEach((name, s) ->
                problems.addAll(RuntimeEnv.problems(s, resolved(Compose.environment(services.get(name), name)), "docker-compose.yml " + name)));
        assertThat(problems).isEmpty();
    }

    /** {@code ${VAR:-default}} as compose runs it without that variable set. */
    private static Map<String, Object> resolved(Map<String, Object> env) {
        Map<String, Object> out = new LinkedHashMap<>();
        env.forEach((k, v) -> out.put(k, v instanceof String s ? DEFAULTED.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(2))) : v));
        return out;
    }

    @Test
    void imagesPortsAndHealthchecksAreTheServicesOwn() {
        List<String> problems = new ArrayList<>();
        lorastreamServices().forEach((name, s) -> {
            Map<String, Object> def = services.get(name);
            String where = "docker-compose.yml " + name;
            String image = Yaml.string(def.get("image"), where + ".image");
            if (!image.matches("lorastream/" + s.name() + "(-gpu)?:.+")) {
                problems.add(where + ": image " + image + " is not lorastream/" + s.name() + "[-gpu]:<tag>");
            }
            Map<String, Object> build = Yaml.map(def.get("build"), where + ".build");
            String context = Yaml.string(build.get("context"), where + ".build.context");
            if (!context.equals("./" + s.module() + "/target/quarkus-app")) {
                problems.add(where + ": build context " + context + " is not the service's fast-jar ./" + s.module() + "/target/quarkus-app");
            }
            Path dockerfile = Repo.path(context).resolve(Yaml.string(build.get("dockerfile"), where + ".build.dockerfile")).normalize();
            if (!dockerfile.startsWith(Repo.path("deploy/docker")) || !dockerfile.toFile().isFile()) {
                problems.add(where + ": dockerfile " + build.get("dockerfile") + " (relative to the context) is no file of deploy/docker");
            }
            List<Compose.Port> ports = Compose.ports(def, name);
            if (ports.size() != 1 || ports.get(0).containerPort() != s.port() || ports.get(0).hostPort() != s.port()) {
                problems.add(where + ": ports " + ports + " should publish the service's quarkus.http.port " + s.port());
            }
            problems.addAll(healthcheckProblems(where, Yaml.map(def.get("healthcheck"), where + ".healthcheck"), s));
            Map<String, Object> dependsOn = Yaml.map(def.get("depends_on"), where + ".depends_on");
            Map<String, Object> env = Compose.environment(def, name);
            boolean usesS3 = s.config().keyOfEnv("LORASTREAM_S3_ENDPOINT") != null;
            if (!dependsOn.containsKey("kafka-topics") || usesS3 != dependsOn.containsKey("minio-bucket")) {
                problems.add(where + ": depends_on " + dependsOn.keySet() + " (needs kafka-topics, and minio-bucket exactly when it uses S3)");
            }
            if (usesS3 && !"http://minio:9000".equals(env.get("LORASTREAM_S3_ENDPOINT"))) {
                problems.add(where + ": LORASTREAM_S3_ENDPOINT is " + env.get("LORASTREAM_S3_ENDPOINT") + ", not the compose MinIO");
            }
            if (!kafkaListeners().contains(String.valueOf(env.get("KAFKA_BOOTSTRAP_SERVERS")))) {
                problems.add(where + ": KAFKA_BOOTSTRAP_SERVERS " + env.get("KAFKA_BOOTSTRAP_SERVERS") + " is none of the broker's advertised listeners " + kafkaListeners());
            }
            Object home = env.get("LORASTREAM_HOME");
            if (home != null && !Compose.mounts(def, name).containsValue(home)) {
                problems.add(where + ": LORASTREAM_HOME " + home + " is not on a volume, so its data would not survive a restart");
            }
        });
        assertThat(problems).isEmpty();
    }

    static List<String> healthcheckProblems(String where, Map<String, Object> hc, Service s) {
        List<String> problems = new ArrayList<>();
        List<Object> test = Yaml.list(hc.get("test"), where + ".healthcheck.test");
        if (test.size() != 4 || !test.get(0).equals("CMD") || !test.get(1).equals("curl") || !test.get(2).equals("-fsS")) {
            problems.add(where + ": healthcheck " + test + " should be [CMD, curl, -fsS, <url>] (curl fails on an HTTP error only with -f)");
            return problems;
        }
        URI url = URI.create(String.valueOf(test.get(3)));
        if (url.getPort() != s.port() || !s.healthPaths().contains(url.getPath()) || !url.getPath().endsWith("/ready")) {
            problems.add(where + ": healthcheck asks " + url + "; the service's readiness is http://127.0.0.1:" + s.port()
                    + " one of " + new TreeSet<>(s.healthPaths()) + " ending in /ready");
        }
        for (String key : List.of("interval", "timeout", "retries", "start_period")) {
            if (!hc.containsKey(key)) {
                problems.add(where + ": healthcheck without " + key);
            }
        }
        return problems;
    }

    /** host:port of every listener the broker advertises. */
    private Set<String> kafkaListeners() {
        Map<String, Object> env = Compose.environment(services.get("kafka"), "kafka");
        Set<String> out = new TreeSet<>();
        for (String l : String.valueOf(env.get("KAFKA_ADVERTISED_LISTENERS")).split(",")) {
            out.add(l.substring(l.indexOf("://") + 3));
        }
        return out;
    }

    @Test
    void theBrokerIsASingleKraftNodeWithoutAutoCreatedTopics() {
        Map<String, Object> env = Compose.environment(services.get("kafka"), "kafka");
        assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(String.valueOf(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))).isEqualTo(env.get("KAFKA_NODE_ID") + "@kafka:9093");
        assertThat(Compose.mounts(services.get("kafka"), "kafka")).containsEntry("kafka-data", String.valueOf(env.get("KAFKA_LOG_DIRS")));
    }

    @Test
    void theTrainerHasAGpuReservationAndACpuFallbackProfile() {
        Map<String, Map<String, Object>> trainers = new TreeMap<>();
        lorastreamServices().forEach((name, s) -> {
            if (s.name().equals("trainer")) {
                trainers.put(name, services.get(name));
            }
        });
        assertThat(trainers).hasSize(2);
        String gpuName = null;
        String cpuName = null;
        for (Map.Entry<String, Map<String, Object>> t : trainers.entrySet()) {
            List<String> profiles = Compose.profiles(t.getValue(), t.getKey());
            if (profiles.equals(List.of("gpu"))) {
                gpuName = t.getKey();
            } else if (profiles.equals(List.of("cpu"))) {
                cpuName = t.getKey();
            }
        }
        Map<String, Object> gpu = trainers.get(gpuName);
        Map<String, Object> cpu = trainers.get(cpuName);
        assertThat(gpu).as("a trainer with profiles [gpu]").isNotNull();
        assertThat(cpu).as("a trainer with profiles [cpu]").isNotNull();

        Map<String, Object> device = Yaml.map(Yaml.list(Yaml.map(Yaml.map(Yaml.map(gpu.get("deploy"), "deploy").get("resources"),
                "resources").get("reservations"), "reservations").get("devices"), "devices").get(0), "devices[0]");
        assertThat(device).containsEntry("driver", "nvidia");
        assertThat(Yaml.list(device.get("capabilities"), "capabilities")).contains("gpu");
        assertThat(device.get("count")).isIn(1, "all");
        assertThat(String.valueOf(Yaml.map(gpu.get("build"), "build").get("dockerfile"))).endsWith("/deploy/docker/trainer-gpu.Dockerfile");
        assertThat(Compose.environment(gpu, "trainer")).containsEntry("LORASTREAM_TRAINER_JOBS_DEVICE", "gpu");

        assertThat(cpu).doesNotContainKey("deploy");
        assertThat(String.valueOf(Yaml.map(cpu.get("build"), "build").get("dockerfile"))).endsWith("/deploy/docker/jvm.Dockerfile");
        assertThat(Compose.environment(cpu, "trainer-cpu")).containsEntry("LORASTREAM_TRAINER_JOBS_DEVICE", "cpu");
        // Prometheus scrapes trainer:8082 whichever profile runs.
        assertThat(hostNames(cpuName, cpu)).contains("trainer");
        assertThat(hostNames(gpuName, gpu)).contains("trainer");
    }

    /** The names a compose service is reachable by on the default network: its own and its aliases. */
    private static Set<String> hostNames(String name, Map<String, Object> def) {
        Set<String> names = new TreeSet<>(Set.of(name));
        Map<String, Object> networks = Yaml.mapOrEmpty(def.get("networks"), name + ".networks");
        Map<String, Object> dflt = Yaml.mapOrEmpty(networks.get("default"), name + ".networks.default");
        Yaml.listOrEmpty(dflt.get("aliases"), name + ".aliases").forEach(a -> names.add(String.valueOf(a)));
        return names;
    }

    @Test
    void prometheusScrapesEveryServiceAtItsPortAndPathUnderItsApplicationName() {
        Map<String, Service> byHost = new TreeMap<>();
        lorastreamServices().forEach((name, s) -> hostNames(name, services.get(name)).forEach(h -> byHost.put(h, s)));
        Set<String> scraped = new TreeSet<>();
        for (Object j : Yaml.list(Yaml.loadMap(Repo.path("deploy/prometheus/prometheus.yml")).get("scrape_configs"), "scrape_configs")) {
            Map<String, Object> job = Yaml.map(j, "scrape_configs[]");
            String jobName = String.valueOf(job.get("job_name"));
            for (Object sc : Yaml.list(job.get("static_configs"), jobName + ".static_configs")) {
                for (Object target : Yaml.list(Yaml.map(sc, "static_configs[]").get("targets"), jobName + ".targets")) {
                    String[] hp = String.valueOf(target).split(":");
                    Service s = byHost.get(hp[0]);
                    assertThat(s).as("job %s scrapes %s, a lorastream service of compose", jobName, target).isNotNull();
                    assertThat(Integer.parseInt(hp[1])).as("%s's port", target).isEqualTo(s.port());
                    assertThat(jobName).as("the job is the service's quarkus.application.name").isEqualTo(s.applicationName());
                    assertThat(job.get("metrics_path")).isEqualTo(s.metricsPath());
                    scraped.add(s.name());
                }
            }
        }
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(Service.ALL.stream().map(Service::name).toList());
    }

    @Test
    void theTopicsOneShotCreatesTheContractsTopics() {
        Map<String, Object> def = services.get("kafka-topics");
        String script = String.join("\n", Yaml.list(def.get("command"), "kafka-topics.command").stream().map(String::valueOf).toList());
        assertThat(script).contains("--topic \"$$1\"", "--partitions \"$$2\"", "cleanup.policy=\"$$3\"", "retention.ms=\"$$4\"", "--if-not-exists");
        Map<String, String> created = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*create\\s+(\\S+)\\s+(\\d+)\\s+(\\S+)\\s+(-?\\d+)\\s*$").matcher(script);
        while (m.find()) {
            created.put(m.group(1), m.group(2) + " " + m.group(3) + " " + m.group(4));
        }
        assertThat(created).isEqualTo(expectedTopics());
        assertThat(Yaml.map(def.get("depends_on"), "depends_on")).containsKey("kafka");
    }

    /** name → "partitions cleanup.policy retention.ms", from contracts' Topics.ALL. */
    static Map<String, String> expectedTopics() {
        Map<String, String> out = new TreeMap<>();
        for (TopicSpec t : Topics.ALL) {
            out.put(t.name(), t.partitions() + " " + t.cleanupPolicy() + " " + t.retentionMs());
        }
        return out;
    }

    @Test
    void contractsTopicsAreTheArchitecturePagesTopics() {
        // docs/architecture.md "Topics" (the living DESIGN.md table): partitions, cleanup policy, retention.
        Map<String, String> table = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\|\\s*`(lorastream\\.[a-z.]+)`\\s*\\|\\s*(\\d+)\\s*\\|\\s*(\\w+)\\s*\\|\\s*([^|]+?)\\s*\\|")
                .matcher(Repo.read("docs/architecture.md"));
        while (m.find()) {
            String retention = m.group(4).startsWith("forever") ? "-1"
                    : m.group(4).matches("\\d+ days") ? String.valueOf(java.time.Duration.ofDays(Long.parseLong(m.group(4).split(" ")[0])).toMillis())
                    : "unreadable: " + m.group(4);
            table.put(m.group(1), m.group(2) + " " + m.group(3) + " " + retention);
        }
        assertThat(table).isEqualTo(expectedTopics());
    }

    @Test
    void theBucketOneShotCreatesTheBucketTheServicesUseWithTheirCredentials() {
        Map<String, Object> def = services.get("minio-bucket");
        String script = String.join("\n", Yaml.list(def.get("command"), "minio-bucket.command").stream().map(String::valueOf).toList());
        Matcher alias = Pattern.compile("mc alias set (\\S+) (\\S+) ").matcher(script);
        assertThat(alias.find()).as("mc alias set in %s", script).isTrue();
        Matcher mb = Pattern.compile("mc mb --ignore-existing " + Pattern.quote(alias.group(1)) + "/(\\S+)").matcher(script);
        assertThat(mb.find()).as("mc mb --ignore-existing in %s", script).isTrue();
        String bucket = mb.group(1);
        Map<String, Object> minioEnv = resolved(Compose.environment(services.get("minio"), "minio"));
        assertThat(Yaml.map(def.get("depends_on"), "depends_on")).containsKey("minio");
        lorastreamServices().forEach((name, s) -> {
            Map<String, Object> env = resolved(Compose.environment(services.get(name), name));
            if (env.containsKey("LORASTREAM_S3_ENDPOINT")) {
                assertThat(env.get("LORASTREAM_S3_ENDPOINT")).isEqualTo(alias.group(2));
                assertThat(env.get("LORASTREAM_S3_BUCKET")).as("%s's bucket", name).isEqualTo(bucket);
                assertThat(env.get("LORASTREAM_S3_ACCESS_KEY")).isEqualTo(minioEnv.get("MINIO_ROOT_USER"));
                assertThat(env.get("LORASTREAM_S3_SECRET_KEY")).isEqualTo(minioEnv.get("MINIO_ROOT_PASSWORD"));
            }
        });
        // The local default of the services and the devstack.
        assertThat(bucket).isEqualTo("lorastream");
        assertThat(minioEnv).containsEntry("MINIO_ROOT_USER", "lorastream").containsEntry("MINIO_ROOT_PASSWORD", "lorastream-secret");
        assertThat(Compose.publishedPorts(services.get("minio"), "minio")).contains(URI.create(alias.group(2)).getPort());
    }

    @Test
    void everyNamedVolumeIsDeclared() {
        Set<String> declared = Yaml.mapOrEmpty(Compose.root().get("volumes"), "volumes").keySet();
        services.forEach((name, def) -> Compose.mounts(def, name).keySet().stream()
                .filter(source -> !source.startsWith(".") && !source.startsWith("/"))
                .forEach(volume -> assertThat(declared).as("%s mounts volume %s", name, volume).contains(volume)));
        services.forEach((name, def) -> Compose.bindMounts(def, name).keySet()
                .forEach(source -> assertThat(Repo.path(source)).as("%s mounts %s", name, source).exists()));
    }
}
