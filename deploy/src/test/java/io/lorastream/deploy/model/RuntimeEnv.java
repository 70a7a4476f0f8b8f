package io.lorastream.deploy.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule every container's environment is checked with: a variable either sets a configuration key the service
 * declares ({@link ConfigKeys}), or is one of the few the images and DJL read themselves (listed here, each with why).
 * {@code -D} system properties inside {@code JAVA_OPTS} are checked the same way.
 */
public final class RuntimeEnv {

    /** Read by the images' entrypoint: the JVM's flags. */
    public static final String JAVA_OPTS = "JAVA_OPTS";
    /** Read by DJL: where libtorch and the JNI library are unpacked (services that load DJL only). */
    public static final Set<String> DJL = Set.of("DJL_CACHE_DIR");
    /** Read by DJL when the GPU image brings its own libtorch. */
    public static final Set<String> DJL_LIBTORCH = Set.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR");
    /** Read by the NVIDIA container runtime. */
    public static final Set<String> NVIDIA = Set.of("NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES");
    /** System properties DJL and the JVM read (not configuration keys). */
    public static final Set<String> DJL_PROPERTIES = Set.of("ai.djl.offline", "ai.djl.pytorch.num_threads",
            "ai.djl.pytorch.num_interop_threads");
    public static final Set<String> JVM_PROPERTIES = Set.of("java.net.preferIPv4Stack", "file.encoding");
    /**
     * The flag every JVM that loads DJL must carry: glibc keeps the native memory of closed models otherwise, and
     * the trainer's and evaluator's RSS grows job after job (docs/operations.md, "Native memory").
     */
    public static final String NATIVE_HEAP_TRIM = "-XX:TrimNativeHeapInterval=";

    private RuntimeEnv() {
    }

    /** Problems of one container's environment, each naming the variable and the rule; empty when all is well. */
    public static List<String> problems(Service service, Map<String, ?> env, String where) {
        List<String> problems = new ArrayList<>();
        env.forEach((name, value) -> {
            if (value != null && !(value instanceof String)) {
                problems.add(where + ": " + name + " must be a quoted string, got " + value.getClass().getSimpleName() + " " + value);
            }
            String v = value == null ? null : String.valueOf(value);
            if (name.equals(JAVA_OPTS)) {
                problems.addAll(javaOptsProblems(service, v, where));
            } else if (service.config().keyOfEnv(name) != null) {
                // a real key
            } else if (service.usesDjl() && (DJL.contains(name) || DJL_LIBTORCH.contains(name))) {
                // read by DJL
            } else if (service.usesDjl() && NVIDIA.contains(name)) {
                // read by the NVIDIA runtime
            } else {
                problems.add(where + ": " + name + " sets no configuration key of the " + service.module()
                        + " (no declared key has that environment name, and it is none of the variables the image or DJL read)");
            }
        });
        return problems;
    }

    private static List<String> javaOptsProblems(Service service, String opts, String where) {
        List<String> problems = new ArrayList<>();
        if (opts == null) {
            return problems;
        }
        if (service.usesDjl() && !opts.contains(NATIVE_HEAP_TRIM)) {
            problems.add(where + ": JAVA_OPTS of the " + service.module() + " lacks " + NATIVE_HEAP_TRIM
                    + "<ms>: without it glibc keeps the native memory of every closed model and the RSS only grows");
        }
        for (String flag : opts.trim().split("\\s+")) {
            if (!flag.startsWith("-D")) {
                continue;
            }
            String key = flag.substring(2).split("=", 2)[0];
            boolean known = service.config().hasKey(key) || JVM_PROPERTIES.contains(key)
                    || service.usesDjl() && (DJL_PROPERTIES.contains(key) || DJL.contains(key));
            if (!known) {
                problems.add(where + ": JAVA_OPTS sets -D" + key + ", which is no configuration key of the " + service.module()
                        + " nor a JVM or DJL property");
            }
        }
        return problems;
    }
}
