package io.lorastream.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection to a loopback server that POSTs ready-made bodies and reads
 * {@code Content-Length} responses.
 *
 * <p>Why not {@code java.net.http.HttpClient}: on two shared cores the load generator's CPU is
 * taken from the service under test. The JDK client spent about as much CPU per request as the
 * ingest-service itself (selector hand-offs, body publishers), so the benchmark measured the client
 * as much as the service. This connection does a blocking write and a blocking read and nothing else,
 * like wrk does.
 */
final class KeepAliveHttpConnection implements Closeable {

    /** A response: its status code and body. */
    record Response(int status, String body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] requestHead;

    /** @param authorization the {@code Authorization} header's value, or null for none */
    KeepAliveHttpConnection(int port, String path, String contentType, String authorization) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        requestHead = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + contentType
                + (authorization == null ? "" : "\r\nAuthorization: " + authorization)
                + "\r\nAccept: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    Response post(byte[] body) throws IOException {
        // One write, so the request leaves in as few segments as the body allows (TCP_NODELAY is on).
        byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[requestHead.length + length.length + body.length];
        System.arraycopy(requestHead, 0, request, 0, requestHead.length);
        System.arraycopy(length, 0, request, requestHead.length, length.length);
        System.arraycopy(body, 0, request, requestHead.length + length.length, body.length);
        out.write(request);
        out.flush();
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
        }
        int status = Integer.parseInt(parts[1]);
        int contentLength = -1;
        for (String header; !(header = readLine()).isEmpty(); ) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Integer.parseInt(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:")) {
                throw new IOException("chunked responses are not supported by this load generator: " + header);
            }
        }
        if (contentLength < 0) {
            throw new IOException("response " + status + " has no Content-Length");
        }
        return new Response(status, new String(in.readNBytes(contentLength), StandardCharsets.UTF_8));
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
