package io.lorastream.deploy.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus series the services export, with their label names. The services' own meters are read from
 * their sources (every {@code "lorastream.…"} meter name, its type, base unit, histogram and tag keys, through
 * direct builder chains, the small helper methods the metrics classes use, or a service-kit meter class such as
 * {@code ConsumerLagGauges} given the name), then registered in the same
 * Micrometer Prometheus registry the services publish with, whose scrape output gives the exact series names
 * ({@code _total}, {@code _seconds_count}, {@code _bucket} only for histograms, …). Quarkus' own meters (HTTP
 * server, JVM, process) are added through Micrometer's binders, as Quarkus binds them.
 */
public final class MeterCatalog {

    /** One meter as declared in a service's source. */
    public record Meter(String service, String name, String type, String baseUnit, boolean histogram, Set<String> tags,
                        String source) {
    }

    private static final Pattern NAME = Pattern.compile("\"(lorastream\\.[a-z0-9_.]+)\"");
    private static final Set<String> TYPES = Set.of("Counter", "Timer", "Gauge", "DistributionSummary");
    /** Labels Prometheus itself attaches to every scraped series. */
    public static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private static volatile MeterCatalog instance;

    private final List<Meter> meters;
    private final Map<String, Set<String>> series;
    private final Map<String, String> serviceOfSeries;

    private MeterCatalog(List<Meter> meters, Map<String, Set<String>> series, Map<String, String> serviceOfSeries) {
        this.meters = meters;
        this.series = series;
        this.serviceOfSeries = serviceOfSeries;
    }

    /** The catalog of the repository's four services. */
    public static MeterCatalog services() {
        if (instance == null) {
            List<Meter> meters = new ArrayList<>();
            for (Service s : Service.ALL) {
                for (Path file : s.mainSources()) {
                    // Meters are built where Micrometer is imported; elsewhere "lorastream.…" is a config key or a name.
                    if (Repo.read(file).contains("import io.micrometer.core.instrument")) {
                        meters.addAll(parse(s.name(), file));
                    }
                }
            }
            instance = of(meters);
        }
        return instance;
    }

    /** A catalog of the given meters plus the framework's. */
    public static MeterCatalog of(List<Meter> declared) {
        Map<String, Meter> merged = new LinkedHashMap<>();
        for (Meter m : declared) {
            Meter before = merged.get(m.name());
            if (before == null) {
                merged.put(m.name(), m);
                continue;
            }
            if (!before.type().equals(m.type()) || before.histogram() != m.histogram()
                    || !java.util.Objects.equals(before.baseUnit(), m.baseUnit())) {
                throw new IllegalStateException("meter " + m.name() + " declared differently in " + before.source() + " and " + m.source());
            }
            Set<String> tags = new TreeSet<>(before.tags());
            tags.addAll(m.tags());
            merged.put(m.name(), new Meter(m.service(), m.name(), m.type(), m.baseUnit(), m.histogram(), tags, before.source()));
        }
        Map<String, Set<String>> series = new TreeMap<>();
        Map<String, String> owner = new TreeMap<>();
        for (Meter m : merged.values()) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            register(registry, m);
            scrape(registry).forEach((name, labels) -> {
                series.put(name, labels);
                owner.put(name, m.service());
            });
        }
        PrometheusMeterRegistry framework = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Quarkus' HTTP server binder: a timer per uri/method/status/outcome, no histogram unless configured.
        Timer.builder("http.server.requests").tags("method", "GET", "uri", "/x", "status", "200", "outcome", "SUCCESS")
                .register(framework).record(Duration.ofMillis(1));
        // The JVM binder's GC pauses appear with the first collection; declared here with Micrometer's tags.
        Timer.builder("jvm.gc.pause").tags("action", "end of minor GC", "cause", "G1 Evacuation Pause", "gc", "G1 Young Generation")
                .register(framework).record(Duration.ofMillis(1));
        new JvmMemoryMetrics().bindTo(framework);
        new JvmThreadMetrics().bindTo(framework);
        new ClassLoaderMetrics().bindTo(framework);
        new ProcessorMetrics().bindTo(framework);
        new UptimeMetrics().bindTo(framework);
        scrape(framework).forEach((name, labels) -> {
            series.putIfAbsent(name, labels);
            owner.putIfAbsent(name, "(quarkus)");
        });
        // Written by Prometheus for every target.
        series.put("up", Set.of());
        owner.put("up", "(prometheus)");
        return new MeterCatalog(List.copyOf(merged.values()), series, owner);
    }

    public List<Meter> meters() {
        return meters;
    }

    /** Every series name, with its labels (the target labels job and instance not included). */
    public Map<String, Set<String>> series() {
        return Collections.unmodifiableMap(series);
    }

    /** Labels of a series including job and instance, or null for an unknown series. */
    public Set<String> labelsOf(String seriesName) {
        Set<String> labels = series.get(seriesName);
        if (labels == null) {
            return null;
        }
        Set<String> all = new TreeSet<>(labels);
        all.addAll(TARGET_LABELS);
        return all;
    }

    /** The service exporting the series, {@code (quarkus)} for the framework's own meters. */
    public String serviceOf(String seriesName) {
        return serviceOfSeries.get(seriesName);
    }

    private static void register(PrometheusMeterRegistry registry, Meter m) {
        Tags tags = Tags.empty();
        for (String t : m.tags()) {
            tags = tags.and(t, "x");
        }
        switch (m.type()) {
            case "Counter" -> Counter.builder(m.name()).baseUnit(m.baseUnit()).tags(tags).register(registry).increment();
            case "Timer" -> {
                Timer.Builder b = Timer.builder(m.name()).tags(tags);
                if (m.histogram()) {
                    b.publishPercentileHistogram();
                }
                b.register(registry).record(Duration.ofMillis(1));
            }
            case "Gauge" -> Gauge.builder(m.name(), () -> 1).baseUnit(m.baseUnit()).tags(tags).register(registry);
            case "DistributionSummary" -> {
                DistributionSummary.Builder b = DistributionSummary.builder(m.name()).baseUnit(m.baseUnit()).tags(tags);
                if (m.histogram()) {
                    b.publishPercentileHistogram();
                }
                b.register(registry).record(1);
            }
            default -> throw new IllegalStateException("meter type " + m.type());
        }
    }

    /** Series name → label names of a registry's scrape. */
    private static Map<String, Set<String>> scrape(PrometheusMeterRegistry registry) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : registry.scrape().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Set<String> labels = out.computeIfAbsent(name, k -> new TreeSet<>());
            if (brace >= 0 && brace < space) {
                Matcher l = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(line.substring(brace, line.lastIndexOf('}')));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        return out;
    }

    /** Every meter a source file declares. A meter name the reader cannot place fails, naming the file and line. */
    public static List<Meter> parse(String service, Path file) {
        String src = JavaSource.withoutComments(Repo.read(file));
        List<Meter> found = new ArrayList<>();
        Matcher m = NAME.matcher(src);
        while (m.find()) {
            String where = Repo.root().relativize(file) + ":" + (src.substring(0, m.start()).split("\n", -1).length);
            found.add(meterAt(service, src, m.start(), m.group(1), where));
        }
        return found;
    }

    private static Meter meterAt(String service, String src, int literal, String name, String where) {
        int open = JavaSource.enclosingParen(src, literal);
        if (open < 0) {
            throw new IllegalStateException(where + ": meter name " + name + " is not a call argument");
        }
        String callee = JavaSource.identifierBefore(src, open);
        List<String> args = JavaSource.arguments(src, open);
        if (callee.equals("builder")) {
            String type = JavaSource.qualifierBefore(src, open);
            if (!TYPES.contains(type)) {
                throw new IllegalStateException(where + ": " + type + ".builder(" + name + ") is not a meter type this reader knows");
            }
            Chain chain = chain(src, open);
            return new Meter(service, name, type, chain.baseUnit, chain.histogram, chain.tags, where);
        }
        // A meter class of service-kit: new ConsumerLagGauges(registry, name, …) → that class's own X.builder(…) chain.
        Meter shared = kitMeter(service, name, callee, where);
        if (shared != null) {
            return shared;
        }
        // A helper of the metrics class: counter(name, …) → its body's X.builder(name)…, tags from the call's varargs.
        Matcher decl = Pattern.compile("(?:private|public|protected)\\s+(?:static\\s+)?(?:final\\s+)?[\\w.<>\\[\\]]+\\s+"
                + Pattern.quote(callee) + "\\s*\\(").matcher(src);
        while (decl.find()) {
            int paramsOpen = decl.end() - 1;
            List<String> params = JavaSource.arguments(src, paramsOpen);
            int bodyOpen = src.indexOf('{', JavaSource.closing(src, paramsOpen));
            String body = src.substring(bodyOpen, JavaSource.closing(src, bodyOpen) + 1);
            Matcher builder = Pattern.compile("(\\w+)\\s*\\.\\s*builder\\s*\\(").matcher(body);
            if (!builder.find() || !TYPES.contains(builder.group(1))) {
                continue;
            }
            int nameIndex = indexOfParam(params, literalParamName(body, builder.end()));
            if (nameIndex < 0 || nameIndex >= args.size() || !args.get(nameIndex).equals("\"" + name + "\"")) {
                continue;
            }
            Chain chain = chain(body, builder.end() - 1);
            Set<String> tags = new TreeSet<>(chain.tags);
            if (chain.varargsTags != null) {
                int varargs = indexOfParam(params, chain.varargsTags);
                if (varargs < 0 || !params.get(varargs).contains("...")) {
                    throw new IllegalStateException(where + ": " + callee + "(…) passes " + chain.varargsTags + " as tags, not its varargs");
                }
                for (int i = varargs; i < args.size(); i += 2) {
                    String key = JavaSource.literal(args.get(i));
                    if (key == null) {
                        throw new IllegalStateException(where + ": tag key " + args.get(i) + " of " + name + " is not a string literal");
                    }
                    tags.add(key);
                }
            }
            return new Meter(service, name, builder.group(1), chain.baseUnit, chain.histogram, tags, where);
        }
        throw new IllegalStateException(where + ": meter name " + name + " is passed to " + callee
                + "(…), which is neither a meter builder nor a helper of this class that builds one");
    }

    /**
     * The meter a service-kit class builds under a name its caller gives, e.g. {@code ConsumerLagGauges}: type, unit
     * and tags of the first meter builder chain in the class's source; null when {@code callee} is no such class.
     */
    private static Meter kitMeter(String service, String name, String callee, String where) {
        Path kit = Repo.path("service-kit/src/main/java");
        Path file;
        try (java.util.stream.Stream<Path> files = Files.walk(kit)) {
            file = files.filter(p -> p.getFileName().toString().equals(callee + ".java")).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (file == null) {
            return null;
        }
        String src = JavaSource.withoutComments(Repo.read(file));
        Matcher builder = Pattern.compile("(\\w+)\\s*\\.\\s*builder\\s*\\(").matcher(src);
        if (!builder.find() || !TYPES.contains(builder.group(1))) {
            throw new IllegalStateException(where + ": " + name + " is passed to service-kit's " + callee
                    + ", which builds no meter this reader knows");
        }
        Chain chain = chain(src, builder.end() - 1);
        return new Meter(service, name, builder.group(1), chain.baseUnit, chain.histogram, chain.tags,
                where + " (through " + Repo.root().relativize(file) + ")");
    }

    /** The first argument of the builder call in a helper's body: the parameter holding the meter name. */
    private static String literalParamName(String body, int afterOpen) {
        int end = afterOpen;
        while (end < body.length() && Character.isJavaIdentifierPart(body.charAt(end))) {
            end++;
        }
        return body.substring(afterOpen, end);
    }

    private static int indexOfParam(List<String> params, String name) {
        for (int i = 0; i < params.size(); i++) {
            String[] words = params.get(i).trim().split("\\s+");
            if (words[words.length - 1].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private record Chain(String baseUnit, boolean histogram, Set<String> tags, String varargsTags) {
    }

    /** The builder chain starting with the call whose '(' is at {@code open}: {@code X.builder(…).tag(…)…register(r)}. */
    private static Chain chain(String src, int open) {
        int end = JavaSource.closing(src, open) + 1;
        // Follow .method(...) links.
        while (true) {
            int k = end;
            while (k < src.length() && Character.isWhitespace(src.charAt(k))) {
                k++;
            }
            if (k >= src.length() || src.charAt(k) != '.') {
                break;
            }
            int paren = src.indexOf('(', k);
            if (paren < 0) {
                break;
            }
            end = JavaSource.closing(src, paren) + 1;
        }
        String chain = src.substring(open, end);
        String unit = null;
        Matcher u = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"\\s*\\)").matcher(chain);
        if (u.find()) {
            unit = u.group(1);
        }
        Set<String> tags = new LinkedHashSet<>();
        String varargs = null;
        Matcher t = Pattern.compile("\\.(tag|tags)\\s*\\(").matcher(chain);
        while (t.find()) {
            List<String> args = JavaSource.arguments(chain, t.end() - 1);
            if (t.group(1).equals("tag")) {
                String key = JavaSource.literal(args.get(0));
                if (key == null) {
                    throw new IllegalStateException("tag key " + args.get(0) + " is not a string literal in " + chain);
                }
                tags.add(key);
            } else if (args.size() == 1 && JavaSource.literal(args.get(0)) == null) {
                varargs = args.get(0);
            } else {
                for (int i = 0; i < args.size(); i += 2) {
                    String key = JavaSource.literal(args.get(i));
                    if (key == null) {
                        throw new IllegalStateException("tag key " + args.get(i) + " is not a string literal in " + chain);
                    }
                    tags.add(key);
                }
            }
        }
        return new Chain(unit, chain.contains(".publishPercentileHistogram("), tags, varargs);
    }
}
