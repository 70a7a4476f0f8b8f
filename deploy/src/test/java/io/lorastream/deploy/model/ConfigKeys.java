package io.lorastream.deploy.model;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys one service really reads: the leaves of its {@code @ConfigMapping} interface (prefix plus
 * kebab-cased method names, nested groups followed), the keys its defaults refer to ({@code ${kafka.bootstrap.servers:…}}),
 * and the keys of its {@code application.properties}. Environment variables are matched the way SmallRye Config
 * matches them: every character other than a letter or digit becomes {@code _}, the rest upper case.
 */
public final class ConfigKeys {

    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{");
    private static final Pattern ROOT = Pattern.compile(
            "@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)\\s*(?:public\\s+)?interface\\s+(\\w+)");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@[\\w.]+(?:\\s*\\((?:[^()\"]|\"(?:[^\"\\\\]|\\\\.)*\")*\\))?\\s*)*)"
                    + "([\\w.]+(?:\\s*<[^;(){}]*>)?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\"]+)(?::[^}]*)?}");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");

    private final Set<String> keys = new TreeSet<>();
    private final Set<String> mapPrefixes = new TreeSet<>();
    private final Map<String, String> properties = new HashMap<>();
    private String prefix;

    private ConfigKeys() {
    }

    /** Reads a {@code @ConfigMapping} interface and an {@code application.properties} (either may be null). */
    public static ConfigKeys of(Path mappingSource, Path applicationProperties) {
        ConfigKeys keys = new ConfigKeys();
        if (mappingSource != null) {
            keys.readMapping(mappingSource);
        }
        if (applicationProperties != null) {
            keys.readProperties(applicationProperties);
        }
        return keys;
    }

    /** The environment variable SmallRye Config reads for {@code key}. */
    public static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** {@code bootstrapServers} → {@code bootstrap-servers}, as SmallRye names mapping methods. */
    public static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Every key, without the map groups' open-ended keys. */
    public Set<String> keys() {
        return keys;
    }

    /** Keys ending in a {@code Map}: {@code <prefix>.<anything>} are keys too (not settable as env vars here). */
    public Set<String> mapPrefixes() {
        return mapPrefixes;
    }

    public String mappingPrefix() {
        return prefix;
    }

    /** The key an environment variable sets, or null when it sets none of this service's keys. */
    public String keyOfEnv(String envName) {
        for (String key : keys) {
            if (envName(key).equals(envName)) {
                return key;
            }
        }
        return null;
    }

    public boolean hasKey(String key) {
        return keys.contains(key) || mapPrefixes.stream().anyMatch(p -> key.startsWith(p + ".") && key.length() > p.length() + 1);
    }

    /** A value of application.properties (default profile), or null. */
    public String property(String key) {
        return properties.get(key);
    }

    private void readMapping(Path file) {
        String src = JavaSource.withoutComments(Repo.read(file));
        Matcher root = ROOT.matcher(src);
        if (!root.find()) {
            throw new IllegalStateException(file + ": no @ConfigMapping(prefix = \"…\") interface");
        }
        prefix = root.group(1);
        Map<String, int[]> bodies = new HashMap<>();
        Matcher in = INTERFACE.matcher(src);
        while (in.find()) {
            int open = in.end() - 1;
            bodies.put(in.group(1), new int[] {open, JavaSource.closing(src, open)});
        }
        walk(src, bodies, root.group(2), prefix, file);
        Matcher ref = REFERENCE.matcher(src);
        while (ref.find()) {
            keys.add(ref.group(1));
        }
    }

    private void walk(String src, Map<String, int[]> bodies, String iface, String at, Path file) {
        int[] range = bodies.get(iface);
        StringBuilder body = new StringBuilder(src.substring(range[0] + 1, range[1]));
        // Blank nested interfaces out: their methods belong to their own group.
        for (int[] other : bodies.values()) {
            if (other[0] > range[0] && other[1] < range[1]) {
                int from = other[0] - range[0] - 1;
                int to = other[1] - range[0];
                int declStart = body.lastIndexOf("interface", from);
                for (int k = Math.max(declStart, 0); k < to; k++) {
                    body.setCharAt(k, ' ');
                }
            }
        }
        Matcher m = METHOD.matcher(body);
        while (m.find()) {
            String annotations = m.group(1);
            String type = m.group(2).replaceAll("\\s", "");
            String name = m.group(3);
            if (annotations.contains("@WithParentName") || annotations.contains("@WithUnnamedKey")) {
                throw new IllegalStateException(file + ": " + name + "() uses an annotation this reader does not follow");
            }
            Matcher withName = WITH_NAME.matcher(annotations);
            String key = at + "." + (withName.find() ? withName.group(1) : kebab(name));
            String inner = type.startsWith("Optional<") ? type.substring(9, type.length() - 1) : type;
            String simple = inner.contains("<") ? inner.substring(0, inner.indexOf('<')) : inner;
            simple = simple.substring(simple.lastIndexOf('.') + 1);
            if (bodies.containsKey(simple)) {
                walk(src, bodies, simple, key, file);
            } else if (simple.equals("Map")) {
                mapPrefixes.add(key);
            } else {
                keys.add(key);
            }
        }
    }

    private void readProperties(Path file) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(Repo.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : props.stringPropertyNames()) {
            String value = props.getProperty(name);
            boolean profiled = name.startsWith("%");
            String key = profiled ? name.substring(name.indexOf('.') + 1) : name;
            keys.add(key);
            if (!profiled) {
                properties.put(key, value);
            }
            Matcher ref = REFERENCE.matcher(value);
            while (ref.find()) {
                keys.add(ref.group(1));
            }
        }
    }
}
