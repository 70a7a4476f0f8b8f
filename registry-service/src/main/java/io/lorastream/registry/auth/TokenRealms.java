package io.lorastream.registry.auth;

import io.lorastream.registry.config.RegistryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Picks the registry's tokens from its settings: the configured ones when there are any;
 * otherwise, with auth on, the generated local ones of the {@link LocalTokenFile} (the local
 * default: auth stays on even when nobody configured a token); with auth off, an empty realm and a
 * warning. Logs where tokens come from, never a token.
 */
public final class TokenRealms {

    private static final Logger LOG = Logger.getLogger(TokenRealms.class);

    private TokenRealms() {
    }

    /**
     * @throws IllegalArgumentException when a configured token breaks the rules (too short, repeated)
     * @throws UncheckedIOException when auth is on, no token is configured and the token file cannot be used
     */
    public static TokenRealm from(RegistryConfig.Auth auth) {
        if (!auth.enabled()) {
            LOG.warn("AUTH IS DISABLED (lorastream.registry.auth.enabled=false): anyone who reaches this port can "
                    + "change tasks and champions. Use this only on a machine nobody else can reach.");
            return TokenRealm.of(List.of(), List.of());
        }
        List<String> read = auth.readTokens().orElse(List.of());
        List<String> admin = auth.adminTokens().orElse(List.of());
        if (!read.isEmpty() || !admin.isEmpty()) {
            TokenRealm realm = TokenRealm.of(read, admin);
            LOG.infof("auth on with configured tokens: %s", realm);
            return realm;
        }
        LocalTokenFile file = new LocalTokenFile(auth.tokenFile());
        try {
            List<List<String>> tokens = file.loadOrCreate();
            LOG.infof("auth on with the local tokens in %s (%s); send one as 'Authorization: Bearer <token>'",
                    file.path(), file.wasCreated() ? "generated now" : "generated on an earlier start");
            return TokenRealm.of(tokens.get(0), tokens.get(1));
        } catch (IOException e) {
            throw new UncheckedIOException("auth is on and no token is configured, and the local token file "
                    + file.path() + " cannot be used (" + e.getMessage() + "): set lorastream.registry.auth.read-tokens "
                    + "and admin-tokens, make the file's folder writable (lorastream.registry.auth.token-file), or "
                    + "switch auth off explicitly (lorastream.registry.auth.enabled=false)", e);
        }
    }
}
