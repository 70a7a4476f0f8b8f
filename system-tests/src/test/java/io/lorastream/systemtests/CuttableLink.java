package io.lorastream.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP link on a fixed loopback port to one target port, that the test can cut (every connection reset,
 * new ones refused) and restore. It puts one service's view of S3 out of reach while the rest of the
 * system keeps its S3, so that the registry can be caught in the middle of a promotion.
 *
 * <p>It can also hold one request ({@link #holdFirstRequestContaining}): the client's bytes from the first one
 * that names a given key on are never passed on, so the server never sees that request complete and does not
 * act on it, while the client waits for an answer. That stops a service at an exact step of its work, to be
 * killed there.
 */
final class CuttableLink implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private final AtomicReference<Hold> hold = new AtomicReference<>();

    /** An armed one-shot hold: the fragments a request must contain, and what it completes with when it springs. */
    private record Hold(List<String> fragments, CompletableFuture<String> held) {
        String matchIn(String bytes) {
            return fragments.stream().filter(bytes::contains).findFirst().orElse(null);
        }

        int longest() {
            return fragments.stream().mapToInt(String::length).max().orElse(0);
        }
    }

    CuttableLink(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    int port() {
        return port;
    }

    /** Opens the port (again); does nothing when open. */
    synchronized void restore() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = listening;
            Thread acceptor = new Thread(() -> accept(listening), "link-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the link on port " + port, e);
        }
    }

    /** Closes the port and every open connection through it. */
    synchronized void cut() {
        if (server == null) {
            return;
        }
        closeQuietly(server);
        server = null;
        sockets.forEach(CuttableLink::closeQuietly);
        sockets.clear();
    }

    /**
     * Holds the first request, on any connection from now on, whose bytes contain one of {@code fragments} (e.g. an
     * HTTP request line {@code PUT /bucket/key}): neither it nor anything after it on that connection reaches the
     * target. The future completes with the held request's first line once it is held; connections before and
     * after it pass as usual. One hold at a time.
     */
    CompletableFuture<String> holdFirstRequestContaining(String... fragments) {
        Hold armed = new Hold(List.of(fragments), new CompletableFuture<>());
        if (!hold.compareAndSet(null, armed)) {
            throw new IllegalStateException("a hold is already armed on the link on port " + port);
        }
        return armed.held();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // closed by cut(), or the target refused: the client sees a reset, as in an outage
            }
        }
    }

    /** @param requests true for the client's direction, where an armed hold looks for its request */
    private void pump(Socket from, Socket to, boolean requests) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            // The end of the previous read, so that a fragment split between two reads is still found.
            String carried = "";
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    Hold armed = requests ? hold.get() : null;
                    if (armed != null) {
                        String seen = carried + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                        String fragment = armed.matchIn(seen);
                        if (fragment != null && hold.compareAndSet(armed, null)) {
                            armed.held().complete(lineAround(seen, seen.indexOf(fragment)));
                            // Read on and pass nothing until the client goes away: the request never completes.
                            while (in.read(buffer) >= 0) {
                                // discarded
                            }
                            return;
                        }
                        carried = seen.substring(Math.max(0, seen.length() - armed.longest()));
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "link-pump-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    /** The line of {@code text} around {@code index}, for the report of a held request. */
    private static String lineAround(String text, int index) {
        int start = text.lastIndexOf('\n', index) + 1;
        int end = text.indexOf('\r', index);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
