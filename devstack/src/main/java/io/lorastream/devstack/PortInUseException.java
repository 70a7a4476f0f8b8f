package io.lorastream.devstack;

/** A devstack server could not start because its port on 127.0.0.1 is taken; names the port and the server. */
public final class PortInUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String role;
    private final int port;

    public PortInUseException(String role, int port, Throwable cause) {
        super(role + " port " + port + " on " + LoopbackPorts.HOST + " is already in use", cause);
        this.role = role;
        this.port = port;
    }

    /** Which server wanted the port, e.g. {@code Kafka}. */
    public String role() {
        return role;
    }

    /** The busy port. */
    public int port() {
        return port;
    }
}
