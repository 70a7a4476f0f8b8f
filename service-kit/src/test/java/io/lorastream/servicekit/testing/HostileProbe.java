package io.lorastream.servicekit.testing;

import io.lorastream.servicekit.testing.OpenApiEndpoints.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends hostile requests to a running service exactly as written (no client-side encoding or normalization) and
 * reports every answer that breaks the rules, so that each service's test is a few lines and all apply the same rules:
 * a write without a valid token is 401 naming {@code Authorization}; a hostile path parameter is 400 naming the
 * parameter, or 404 when the HTTP layer resolved it into another path, or 414 when it is too long for a request line;
 * never a 2xx, never a 5xx.
 */
public final class HostileProbe {

    /** An answer: status, body and the {@code WWW-Authenticate} challenge ("" when none). */
    public record Reply(int status, String body, String challenge) {
    }

    /** Statuses a hostile path parameter may get. */
    public static final Set<Integer> REFUSALS = Set.of(400, 404, 414);

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param base the service's root URL, e.g. {@code http://127.0.0.1:8081/} */
    public HostileProbe(URI base) {
        this.base = base.toString().replaceAll("/$", "");
    }

    /** Sends one request; {@code authorization} and {@code body} may be null. */
    public Reply send(String method, String rawPath, String authorization, String contentType, byte[] body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + rawPath))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().firstValue("WWW-Authenticate").orElse(""));
        } catch (IOException e) {
            throw new AssertionError(method + " " + abbreviated(rawPath) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * {@code Authorization} headers that must not pass, built around the valid {@code token}: none, empty, an empty
     * bearer, a wrong token, the token with another case or a byte more, the token in another scheme or without one, a
     * forged unsigned JWT.
     */
    public static List<String> badAuthorizations(String token) {
        List<String> headers = new ArrayList<>();
        headers.add(null);
        headers.addAll(List.of("", "Bearer ", "Bearer wrong-token-of-thirty-two-characters", "Bearer " + token.toUpperCase(),
                "Bearer " + token + "x", "Bearer " + token.substring(0, token.length() - 1),
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8)),
                "Token " + token, token, "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9."));
        return headers;
    }

    /**
     * Every state-changing endpoint with every {@link #badAuthorizations bad header}: what did not get a 401 naming
     * {@code Authorization} with a Bearer challenge, or echoed the token.
     *
     * @param values a valid value for every path parameter
     */
    public List<String> unauthenticatedWrites(List<Endpoint> endpoints, Map<String, String> values, String token,
                                              String contentType, byte[] body) {
        List<String> problems = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            if (!endpoint.changesState()) {
                continue;
            }
            String path = endpoint.fill(values);
            for (String header : badAuthorizations(token)) {
                Reply reply = send(endpoint.method(), path, header, contentType, body);
                if (reply.status() != 401 || !reply.body().contains("\"field\":\"Authorization\"")
                        || !reply.challenge().startsWith("Bearer realm=") || reply.body().contains(token)) {
                    problems.add(endpoint + " with Authorization '" + header + "' answered " + reply.status() + " "
                            + abbreviated(reply.body()) + " challenge '" + reply.challenge() + "'");
                }
            }
        }
        return problems;
    }

    /**
     * Every {@link HostileSegments hostile segment} in every path parameter of every endpoint, the other parameters
     * valid: what was not refused by the rules above.
     *
     * @param values        a valid value for every path parameter
     * @param authorization a valid header, so the parameter is what is judged
     * @param body          sent with state-changing methods
     */
    public List<String> hostilePathParameters(List<Endpoint> endpoints, Map<String, String> values, String authorization,
                                              String contentType, byte[] body) {
        List<String> problems = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (String parameter : endpoint.parameters()) {
                for (HostileSegments.Segment segment : HostileSegments.all()) {
                    Map<String, String> hostile = new HashMap<>(values);
                    hostile.put(parameter, segment.raw());
                    boolean write = endpoint.changesState();
                    String path = endpoint.fill(hostile);
                    Reply reply = send(endpoint.method(), path, authorization, write ? contentType : null, write ? body : null);
                    String resolved = dotSegmentsResolved(path);
                    if (!resolved.equals(path)) {
                        // The HTTP layer resolves '..' segments before routing (RFC 3986): the answer must be exactly
                        // the answer for the resolved path, which stays inside the API.
                        Reply direct = send(endpoint.method(), resolved, authorization, write ? contentType : null, write ? body : null);
                        if (reply.status() != direct.status() || !reply.body().equals(direct.body()) || reply.status() >= 500) {
                            problems.add(endpoint + " with " + parameter + " = " + segment + " answered " + reply.status()
                                    + ", but its resolved path " + abbreviated(resolved) + " " + direct.status());
                        }
                        continue;
                    }
                    // A HEAD answer has no body to name the parameter in.
                    boolean clear = reply.status() != 400 || endpoint.method().equals("HEAD")
                            || reply.body().contains("\"field\":\"" + parameter + "\"");
                    if (!REFUSALS.contains(reply.status()) || !clear) {
                        problems.add(endpoint + " with " + parameter + " = " + segment + " answered " + reply.status() + " "
                                + abbreviated(reply.body()));
                    }
                }
            }
        }
        return problems;
    }

    /**
     * The path with percent-encoded dots decoded and dot segments removed, as the servers' HTTP layer does; the path
     * itself when that changes nothing.
     */
    public static String dotSegmentsResolved(String path) {
        String dotted = path.replaceAll("(?i)%2e", ".");
        URI normalized = URI.create(dotted).normalize();
        return normalized.toString().equals(dotted) ? path : normalized.getRawPath();
    }

    /** At most 300 characters of {@code text}, for messages. */
    public static String abbreviated(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
