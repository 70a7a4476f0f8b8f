package io.lorastream.servicekit.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * A service's admin bearer tokens. Kept only as SHA-256 digests and compared digest to digest with
 * {@link MessageDigest#isEqual} against every token, so neither a token's length nor where a guess
 * differs shows in the timing; never logged. Configured tokens win; with none, a random token is
 * generated on first start into an owner-only properties file and read from it on later starts, so a
 * local run is protected without setup.
 */
public final class AdminTokens {

    private static final Logger LOG = Logger.getLogger(AdminTokens.class);
    /** The property holding an admin token in the generated file ({@link TokenRules#fileKey()} of other kinds). */
    public static final String FILE_KEY = "admin-token";

    private final List<byte[]> digests;

    private AdminTokens(List<String> tokens) {
        this.digests = tokens.stream().map(AdminTokens::digest).toList();
    }

    /**
     * The configured tokens, or the token file's.
     *
     * @param configured the configured tokens (blank entries are ignored)
     * @param tokenFile  where the generated token is kept when none is configured
     * @param rules      the service's name, config key and shortest accepted token
     * @throws IllegalArgumentException naming the config key when a configured token is too short
     * @throws UncheckedIOException     when the token file can be neither read nor created
     */
    public static AdminTokens of(Optional<List<String>> configured, Path tokenFile, TokenRules rules) {
        List<String> given = configured.orElse(List.of()).stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i).length() < rules.minTokenChars()) {
                throw new IllegalArgumentException(rules.configKey() + " entry " + (i + 1) + " is shorter than "
                        + rules.minTokenChars() + " characters; use long random tokens");
            }
        }
        return new AdminTokens(given.isEmpty() ? List.of(fromFile(tokenFile.toAbsolutePath().normalize(), rules)) : given);
    }

    /** True when {@code presented} is one of the tokens. */
    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] candidate = digest(presented);
        boolean match = false;
        for (byte[] token : digests) {
            match |= MessageDigest.isEqual(token, candidate);
        }
        return match;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static synchronized String fromFile(Path file, TokenRules rules) {
        try {
            Optional<String> existing = read(file, rules);
            if (existing.isPresent()) {
                LOG.infof("%s token read from %s", rules.kind(), file);
                return existing.get();
            }
            return create(file, rules);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the " + rules.kind() + " token file " + file + " (set "
                    + rules.configKey() + " or make its folder writable)", e);
        }
    }

    /** Empty when there is no file; an error (not a silent replacement) when the file holds no token. */
    private static Optional<String> read(Path file, TokenRules rules) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        String token = props.getProperty(rules.fileKey());
        if (token == null || token.isBlank()) {
            throw new IOException(file + " holds no " + rules.fileKey() + "; delete it to have a new token generated");
        }
        return Optional.of(token.strip());
    }

    /**
     * Writes a new token into a private temporary file and links it into place, so a reader never sees a
     * half-written file and of two replicas starting together on one machine the first one's token is the
     * one both use.
     */
    private static String create(Path file, TokenRules rules) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Path parent = file.getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
        try {
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.warnf("cannot restrict the permissions of %s on this file system: rely on its folder's", file);
            }
            try (OutputStream out = Files.newOutputStream(partial)) {
                out.write(("# lorastream " + rules.service() + " " + rules.kind() + " token, generated on first start. Send it as "
                        + "'Authorization: Bearer <token>';\n# set " + rules.configKey()
                        + " to use your own, or delete this file for a new one.\n"
                        + rules.fileKey() + "=" + token + "\n").getBytes(StandardCharsets.UTF_8));
            }
            try {
                Files.createLink(file, partial);
            } catch (FileAlreadyExistsException raced) {
                return read(file, rules).orElseThrow(() -> new IOException(file + " vanished while it was being read"));
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        LOG.infof("generated a %s token into %s (read it from there)", rules.kind(), file);
        return token;
    }
}
