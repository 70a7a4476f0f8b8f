package io.lorastream.deploy.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/** Strict YAML loading (duplicate keys refused, anchors and merge keys resolved as Compose does) and typed access. */
public final class Yaml {

    private Yaml() {
    }

    /** Every document of a file. */
    public static List<Object> loadAll(Path file) {
        return loadAll(Repo.read(file), Repo.root().relativize(file).toString());
    }

    /** Every document of a YAML text; {@code where} names it in errors. */
    public static List<Object> loadAll(String text, String where) {
        List<Object> docs = new ArrayList<>();
        try {
            for (Object doc : newYaml().loadAll(text)) {
                if (doc != null) {
                    docs.add(doc);
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + " is not valid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    /** The single document of a file, as a map. */
    public static Map<String, Object> loadMap(Path file) {
        List<Object> docs = loadAll(file);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new IllegalStateException(Repo.root().relativize(file) + ": expected one YAML mapping, found " + docs.size() + " documents");
        }
        return map(docs.get(0), file.toString());
    }

    private static org.yaml.snakeyaml.Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(200);
        return new org.yaml.snakeyaml.Yaml(options);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new IllegalStateException(where + ": expected a mapping, got " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value, String where) {
        if (!(value instanceof List)) {
            throw new IllegalStateException(where + ": expected a list, got " + describe(value));
        }
        return (List<Object>) value;
    }

    public static Map<String, Object> mapOrEmpty(Object value, String where) {
        return value == null ? Map.of() : map(value, where);
    }

    public static List<Object> listOrEmpty(Object value, String where) {
        return value == null ? List.of() : list(value, where);
    }

    public static String string(Object value, String where) {
        if (!(value instanceof String s)) {
            throw new IllegalStateException(where + ": expected a string, got " + describe(value));
        }
        return s;
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName() + " " + value;
    }
}
