package io.lorastream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Finds and checks TCP ports on 127.0.0.1, the only address the devstack listens on. */
public final class LoopbackPorts {

    /** The host every devstack server binds to and advertises. */
    public static final String HOST = "127.0.0.1";

    private static final InetAddress LOOPBACK = loopback();

    private LoopbackPorts() {
    }

    /** The IPv4 loopback address, never {@code ::1}: clients are given {@value #HOST}. */
    public static InetAddress address() {
        return LOOPBACK;
    }

    /** One port that was free on 127.0.0.1 a moment ago (the OS may hand it out again later). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    /**
     * Fails with a message naming the port and its role when something already listens there.
     * Servers report a busy port deep inside their startup; checking first gives a clear error.
     *
     * @throws PortInUseException when the port cannot be bound on 127.0.0.1
     */
    public static void requireFree(int port, String role) {
        try (ServerSocket socket = new ServerSocket()) {
            // Same option the servers use, so a port in TIME_WAIT is not reported as busy.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
        } catch (BindException e) {
            throw new PortInUseException(role, port, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check port " + port + " on " + HOST, e);
        }
    }

    /** Checks that {@code port} is a usable TCP port number for {@code role}. */
    static int requireValid(int port, String role) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(role + " port must be between 1 and 65535, got " + port);
        }
        return port;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unreachable: a literal address needs no lookup", e);
        }
    }
}
