package io.lorastream.registry.auth;

/** What a token may do. */
public enum Role {
    /** Read tasks, versions, champions and adapter files. */
    READ,
    /** Everything {@link #READ} may, plus changing tasks and champions. */
    ADMIN;

    public boolean allows(Role needed) {
        return this == ADMIN || needed == READ;
    }
}
