package io.lorastream.deploy.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The manifests a {@code kubectl apply -k} would send: rendered by {@code kubectl kustomize} (kustomize built into
 * kubectl, offline) when kubectl is on the PATH. Without kubectl only the base can be read, as its plain files plus
 * its common labels; overlays are then skipped, since their patches and generators are kustomize's to apply.
 */
public final class Kustomize {

    private static final Path K8S = Repo.path("deploy/k8s");
    private static final Path WORK = Repo.path("deploy/target/kustomize");

    private Kustomize() {
    }

    /** The resources of {@code deploy/k8s/<dir>} with the given components of {@code deploy/k8s/components} added. */
    public static List<Map<String, Object>> build(String dir, String... components) {
        if (!kubectlAvailable()) {
            Assumptions.assumeTrue(dir.equals("base") && components.length == 0, "kubectl is not on the PATH: cannot render " + dir);
            return rawBase();
        }
        Path root = K8S.resolve(dir);
        if (components.length > 0) {
            // kustomize takes components only from a kustomization: one beside the others, with relative paths.
            root = WORK.resolve(dir.replace('/', '-') + "-with-" + String.join("-", components));
            // The overlay's namespace, as if the components were listed in the overlay itself.
            Object namespace = Yaml.loadMap(K8S.resolve(dir).resolve("kustomization.yaml")).get("namespace");
            StringBuilder k = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n")
                    .append(namespace == null ? "" : "namespace: " + namespace + "\n").append("resources:\n  - ")
                    .append(root.relativize(K8S.resolve(dir))).append("\ncomponents:\n");
            for (String c : components) {
                k.append("  - ").append(root.relativize(K8S.resolve("components/" + c))).append('\n');
            }
            write(root.resolve("kustomization.yaml"), k.toString());
        }
        return documents(run("kubectl", "kustomize", root.toString()), "kubectl kustomize " + Repo.root().relativize(root));
    }

    private static List<Map<String, Object>> documents(String yaml, String where) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : Yaml.loadAll(yaml, where)) {
            out.add(Yaml.map(doc, where));
        }
        return out;
    }

    /** The base as plain files, with the kustomization's common labels put where kustomize puts them. */
    private static List<Map<String, Object>> rawBase() {
        Map<String, Object> k = Yaml.loadMap(K8S.resolve("base/kustomization.yaml"));
        Map<String, Object> labels = new LinkedHashMap<>();
        for (Object l : Yaml.listOrEmpty(k.get("labels"), "labels")) {
            labels.putAll(Yaml.map(Yaml.map(l, "labels[]").get("pairs"), "labels[].pairs"));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : Yaml.list(k.get("resources"), "resources")) {
            for (Object doc : Yaml.loadAll(K8S.resolve("base").resolve(String.valueOf(r)))) {
                Map<String, Object> res = Yaml.map(doc, String.valueOf(r));
                addLabels(Yaml.map(res.get("metadata"), "metadata"), labels);
                Map<String, Object> spec = Yaml.mapOrEmpty(res.get("spec"), "spec");
                if (spec.get("template") instanceof Map<?, ?> t) {
                    addLabels(Yaml.map(Yaml.map(t, "template").get("metadata"), "template.metadata"), labels);
                }
                out.add(res);
            }
        }
        return out;
    }

    private static void addLabels(Map<String, Object> metadata, Map<String, Object> labels) {
        Map<String, Object> merged = new LinkedHashMap<>(Yaml.mapOrEmpty(metadata.get("labels"), "labels"));
        merged.putAll(labels);
        metadata.put("labels", merged);
    }

    public static boolean kubectlAvailable() {
        return Command.onPath("kubectl") != null;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(String... command) {
        Command.Result r = Command.run(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r.stderr().strip());
        }
        return r.stdout();
    }
}
