package io.lorastream.servicekit.testing;

import java.util.List;

/**
 * Path segments an attacker puts where a service expects an id, written exactly as they go on the wire (already
 * percent-encoded, so a client must send them without encoding again). Shared by every service's hostile-input test
 * through service-kit's test jar: a service substitutes each into every path parameter its OpenAPI document lists.
 */
public final class HostileSegments {

    /** One hostile segment: what it tries, and its raw form. */
    public record Segment(String name, String raw) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Segment> ALL = List.of(
            new Segment("dot-dot", ".."),
            new Segment("encoded dot-dot", "%2e%2e"),
            new Segment("encoded dot-dot slash", "%2e%2e%2f"),
            new Segment("upper-case encoded traversal", "%2E%2E%2Fetc%2Fpasswd"),
            new Segment("traversal with encoded slashes", "..%2F..%2Fcandidates%2Fother-task"),
            new Segment("encoded slash alone", "%2F"),
            new Segment("encoded slash inside an id", "spam%2Fv1"),
            new Segment("double-encoded traversal", "%252e%252e%252f"),
            new Segment("backslash traversal", "..%5c..%5cadapters"),
            new Segment("NUL byte", "spam%00"),
            new Segment("NUL then suffix", "spam%00.json"),
            new Segment("control character", "spam%0d%0aX-Injected:%201"),
            new Segment("space", "spam%20"),
            new Segment("S3 key delimiter and wildcard", "spam%2F*"),
            new Segment("query injection", "spam%3Fprefix%3D"),
            new Segment("upper case", "SPAM"),
            new Segment("leading dash", "-spam"),
            new Segment("hidden file", ".spam"),
            new Segment("very long id", "a".repeat(5000)),
            new Segment("fullwidth solidus look-alike", "spam%EF%BC%8Fv1"),
            new Segment("one-dot leader look-alike", "%E2%80%A4%E2%80%A4"),
            new Segment("fullwidth letters look-alike", "%EF%BD%93%EF%BD%90%EF%BD%81%EF%BD%8D"),
            new Segment("cyrillic look-alike", "%D1%95pam"),
            new Segment("invalid UTF-8", "spam%C3%28"),
            new Segment("overlong UTF-8 slash", "%C0%AFetc"));

    private HostileSegments() {
    }

    /** Every hostile segment. */
    public static List<Segment> all() {
        return ALL;
    }
}
