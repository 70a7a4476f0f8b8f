package io.lorastream.registry.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The local default: when auth is on and no token is configured, one read and one admin token are
 * generated on first start into a properties file readable by its owner only, and read from it on
 * later starts. The launcher (or a person) reads the tokens from that file; the registry only logs
 * where it is.
 */
public final class LocalTokenFile {

    public static final String READ_KEY = "read-token";
    public static final String ADMIN_KEY = "admin-token";

    private final Path file;
    private boolean created;

    public LocalTokenFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path path() {
        return file;
    }

    /** The file's tokens as {@code name:token} specs for {@link TokenRealm#of}: [read, admin]. */
    public List<List<String>> loadOrCreate() throws IOException {
        if (!Files.exists(file)) {
            create();
        }
        Properties tokens = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            tokens.load(in);
        }
        String read = tokens.getProperty(READ_KEY);
        String admin = tokens.getProperty(ADMIN_KEY);
        if (read == null || admin == null) {
            throw new IOException(file + " must hold both " + READ_KEY + " and " + ADMIN_KEY
                    + "; delete it to have new tokens generated");
        }
        return List.of(List.of("local-read:" + read.strip()), List.of("local-admin:" + admin.strip()));
    }

    /** True when this start generated the file (so the caller says so, once). */
    public boolean wasCreated() {
        return created;
    }

    private void create() throws IOException {
        Files.createDirectories(file.getParent());
        Properties tokens = new Properties();
        tokens.setProperty(READ_KEY, randomToken());
        tokens.setProperty(ADMIN_KEY, randomToken());
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            restrict();
            tokens.store(out, "lorastream registry tokens, generated on first start. Send one as "
                    + "'Authorization: Bearer <token>'. Delete this file to get new ones.");
            created = true;
        } catch (FileAlreadyExistsException raced) {
            // Another replica on this machine created it first: use its tokens.
        }
    }

    private void restrict() throws IOException {
        try {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            Files.setPosixFilePermissions(file, ownerOnly);
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: rely on the folder's permissions.
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
