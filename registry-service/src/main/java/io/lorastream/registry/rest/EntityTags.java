package io.lorastream.registry.rest;

/**
 * Entity tags of champion responses: the tag is the champion's version id, quoted. Reads the first
 * tag of an {@code If-None-Match} header, weak or strong, quoted or not.
 */
final class EntityTags {

    private EntityTags() {
    }

    static String of(String version) {
        return "\"" + version + "\"";
    }

    /** The version an {@code If-None-Match} header names, or null when there is none or it is {@code *}. */
    static String knownVersion(String ifNoneMatch) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return null;
        }
        String first = ifNoneMatch.split(",", 2)[0].strip();
        if (first.startsWith("W/")) {
            first = first.substring(2);
        }
        if (first.length() >= 2 && first.startsWith("\"") && first.endsWith("\"")) {
            first = first.substring(1, first.length() - 1);
        }
        if (first.equals("*")) {
            return null;
        }
        return PathParams.version(first, "If-None-Match");
    }
}
