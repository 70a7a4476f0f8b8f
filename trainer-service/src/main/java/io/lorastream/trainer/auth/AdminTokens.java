package io.lorastream.trainer.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * The admin bearer tokens, compared in constant time and never logged. Configured tokens win; with
 * none, a random token is generated on first start into an owner-only file and reused afterwards,
 * so a local run is protected without setup.
 */
public final class AdminTokens {

    private static final Logger LOG = Logger.getLogger(AdminTokens.class);
    static final String FILE_KEY = "admin-token";

    private final List<byte[]> tokens;

    private AdminTokens(List<byte[]> tokens) {
        this.tokens = tokens;
    }

    public static AdminTokens of(Optional<List<String>> configured, Path tokenFile) {
        List<String> given = configured.orElse(List.of()).stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (!given.isEmpty()) {
            return new AdminTokens(given.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList());
        }
        return new AdminTokens(List.of(fromFile(tokenFile).getBytes(StandardCharsets.UTF_8)));
    }

    /** True when {@code presented} is one of the tokens; the comparison takes the same time wherever it differs. */
    public boolean accepts(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] token : tokens) {
            match |= MessageDigest.isEqual(token, candidate);
        }
        return match;
    }

    private static synchronized String fromFile(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                Properties props = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    props.load(in);
                }
                String token = props.getProperty(FILE_KEY);
                if (token != null && !token.isBlank()) {
                    LOG.infof("admin token read from %s", file.toAbsolutePath());
                    return token.trim();
                }
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
            try {
                try {
                    Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    LOG.warnf("cannot restrict permissions of %s on this file system", file);
                }
                try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.TRUNCATE_EXISTING)) {
                    out.write(("# lorastream trainer admin token (generated; set lorastream.trainer.auth.admin-tokens to "
                            + "use your own)\n" + FILE_KEY + "=" + token + "\n").getBytes(StandardCharsets.UTF_8));
                }
                Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            LOG.infof("generated an admin token into %s (read it from there)", file.toAbsolutePath());
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
        }
    }
}
