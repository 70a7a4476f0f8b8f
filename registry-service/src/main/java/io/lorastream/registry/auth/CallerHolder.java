package io.lorastream.registry.auth;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by the auth filter. */
@RequestScoped
public class CallerHolder {

    private Caller caller = Caller.ANONYMOUS_ADMIN;

    public Caller get() {
        return caller;
    }

    public void set(Caller caller) {
        this.caller = caller;
    }
}
