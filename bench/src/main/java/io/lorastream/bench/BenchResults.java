package io.lorastream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where benchmark results go ({@code bench/results/<name>.json}) and the machine facts each one records. */
public final class BenchResults {

    private BenchResults() {
    }

    /** Cores, Java version and the load average now: a result measured beside other work says so. */
    public static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("loadAverage", loadAverage());
        return machine;
    }

    /** The first line of /proc/loadavg, or "unknown" off Linux. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Writes {@code result} as indented JSON to {@code bench/results/<name>.json} and prints it. */
    public static Path write(String name, Map<String, Object> result) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path out = Path.of("bench", "results", name + ".json");
        Files.createDirectories(out.getParent());
        json.writeValue(out.toFile(), result);
        System.out.println(json.writeValueAsString(result));
        System.out.println("written to " + out);
        return out;
    }
}
