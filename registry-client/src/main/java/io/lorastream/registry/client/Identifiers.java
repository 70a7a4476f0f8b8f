package io.lorastream.registry.client;

import java.util.regex.Pattern;

/**
 * The id rules of lorastream, as the client enforces them before an id becomes part of a URL or,
 * worse, of a local path: a registry that sent {@code ../../etc} as a version or a file name must not
 * make the client write outside its directory. They repeat the rules of the {@code contracts}
 * module on purpose, because this library depends on nothing but the JDK and Jackson.
 */
final class Identifiers {

    static final String TASK_RULE = "[a-z0-9][a-z0-9-]{0,62}";
    static final String VERSION_RULE = "v[0-9]{8}T[0-9]{6}Z-[a-z0-9]{1,40}";
    static final String FILE_NAME_RULE = "[A-Za-z0-9][A-Za-z0-9._-]{0,127} without '..'";

    private static final Pattern TASK = Pattern.compile(TASK_RULE);
    private static final Pattern VERSION = Pattern.compile(VERSION_RULE);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Identifiers() {
    }

    static String task(String task) {
        if (task == null || !TASK.matcher(task).matches()) {
            throw new IllegalArgumentException("task id '" + task + "' is invalid: it must match " + TASK_RULE);
        }
        return task;
    }

    static String version(String version) {
        if (!isVersion(version)) {
            throw new IllegalArgumentException("version id '" + version + "' is invalid: it must match " + VERSION_RULE);
        }
        return version;
    }

    static boolean isVersion(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    static String fileName(String name) {
        if (name == null || !FILE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("file name '" + name + "' is invalid: it must match " + FILE_NAME_RULE);
        }
        return name;
    }

    static String sha256(String hex, String what) {
        if (hex == null || !SHA256.matcher(hex).matches()) {
            throw new IllegalArgumentException("sha256 of " + what + " '" + hex + "' is not 64 lower-case hex digits");
        }
        return hex;
    }
}
