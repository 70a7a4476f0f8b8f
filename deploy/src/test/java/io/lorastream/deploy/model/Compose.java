package io.lorastream.deploy.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker-compose.yml, loaded with its anchors and merge keys resolved. */
public final class Compose {

    private static final Map<String, Object> ROOT = Yaml.loadMap(Repo.path("docker-compose.yml"));

    private Compose() {
    }

    public static Map<String, Object> root() {
        return ROOT;
    }

    public static Map<String, Map<String, Object>> services() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Yaml.map(ROOT.get("services"), "services").forEach((name, def) -> out.put(name, Yaml.map(def, "services." + name)));
        return out;
    }

    /** The lorastream service a compose service runs, by the module of its build context; null for others. */
    public static Service serviceOf(Map<String, Object> def) {
        Object build = def.get("build");
        if (build == null) {
            return null;
        }
        String context = Yaml.string(Yaml.map(build, "build").get("context"), "build.context");
        for (Service s : Service.ALL) {
            if (context.replaceFirst("^\\./", "").startsWith(s.module() + "/")) {
                return s;
            }
        }
        return null;
    }

    /** The environment of a compose service as a map (both the list and the map forms). */
    public static Map<String, Object> environment(Map<String, Object> def, String where) {
        Object env = def.get("environment");
        Map<String, Object> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        } else if (env != null) {
            for (Object item : Yaml.list(env, where + ".environment")) {
                String s = Yaml.string(item, where + ".environment[]");
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return out;
    }

    /** A published port: {@code "127.0.0.1:8081:8081"}. */
    public record Port(String hostIp, int hostPort, int containerPort) {
    }

    /** The ports a compose service publishes (short syntax), host IP null when none is given. */
    public static List<Port> ports(Map<String, Object> def, String where) {
        List<Port> out = new ArrayList<>();
        for (Object p : Yaml.listOrEmpty(def.get("ports"), where + ".ports")) {
            String[] parts = Yaml.string(p, where + ".ports[] (quote it: YAML reads a:b as a number)").split(":");
            if (parts.length == 3) {
                out.add(new Port(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
            } else if (parts.length == 2) {
                out.add(new Port(null, Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
            } else {
                throw new IllegalStateException(where + ".ports: " + p + " is not [ip:]host:container");
            }
        }
        return out;
    }

    /** The container ports a compose service publishes. */
    public static List<Integer> publishedPorts(Map<String, Object> def, String where) {
        return ports(def, where).stream().map(Port::containerPort).toList();
    }

    /** Volumes of the short syntax {@code source:target[:mode]}, source → target; bind mounts start with . or /. */
    public static Map<String, String> mounts(Map<String, Object> def, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object v : Yaml.listOrEmpty(def.get("volumes"), where + ".volumes")) {
            String[] parts = Yaml.string(v, where + ".volumes[]").split(":");
            if (parts.length < 2) {
                throw new IllegalStateException(where + ".volumes: " + v + " has no target");
            }
            out.put(parts[0], parts[1]);
        }
        return out;
    }

    public static Map<String, String> bindMounts(Map<String, Object> def, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        mounts(def, where).forEach((source, target) -> {
            if (source.startsWith(".") || source.startsWith("/")) {
                out.put(source, target);
            }
        });
        return out;
    }

    /** The profiles of a compose service (empty: it starts without --profile). */
    public static List<String> profiles(Map<String, Object> def, String where) {
        return Yaml.listOrEmpty(def.get("profiles"), where + ".profiles").stream().map(String::valueOf).toList();
    }
}
