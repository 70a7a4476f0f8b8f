package io.lorastream.servicekit.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoints a service's OpenAPI document ({@code /q/openapi?format=json}) lists, so that a test covering "every
 * endpoint" covers one added tomorrow without being edited. Takes the document's {@code paths} object as parsed maps.
 */
public final class OpenApiEndpoints {

    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "patch", "delete");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}");

    /** One method on one path template, e.g. {@code POST /v1/tasks/{task}/jobs}. */
    public record Endpoint(String method, String template) {

        /** The template's path parameters, in order. */
        public List<String> parameters() {
            List<String> names = new ArrayList<>();
            Matcher m = PARAMETER.matcher(template);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        /** True for a method that may change state (anything but GET and HEAD). */
        public boolean changesState() {
            return !method.equals("GET") && !method.equals("HEAD");
        }

        /**
         * The template with each parameter replaced by its raw value from {@code values}.
         *
         * @throws IllegalArgumentException naming a parameter without a value
         */
        public String fill(Map<String, String> values) {
            Matcher m = PARAMETER.matcher(template);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException(this + " has parameter {" + m.group(1) + "} without a value");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            return m.appendTail(out).toString();
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private OpenApiEndpoints() {
    }

    /** Every method of every path in {@code paths} (the OpenAPI document's {@code paths} object). */
    public static List<Endpoint> of(Map<String, ?> paths) {
        List<Endpoint> endpoints = new ArrayList<>();
        paths.forEach((template, item) -> {
            if (item instanceof Map<?, ?> operations) {
                operations.keySet().stream().map(String::valueOf).filter(METHODS::contains).sorted()
                        .forEach(method -> endpoints.add(new Endpoint(method.toUpperCase(Locale.ROOT), template)));
            }
        });
        return endpoints;
    }
}
