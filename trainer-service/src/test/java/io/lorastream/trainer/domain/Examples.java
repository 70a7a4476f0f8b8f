package io.lorastream.trainer.domain;

import io.lorastream.contracts.Example;
import io.lorastream.contracts.SchemaVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/** Examples for the domain tests, with real content hashes. */
final class Examples {

    private Examples() {
    }

    static Example example(String task, String text, String label) {
        String hash = sha256(text);
        return new Example(SchemaVersion.CURRENT, task, hash, text, label, 1.0, "test", null, hash,
                Instant.parse("2026-12-01T00:00:00Z"));
    }

    static SourcedExample at(int partition, long offset, String task, String text, String label) {
        return new SourcedExample(example(task, text, label), partition, offset);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
