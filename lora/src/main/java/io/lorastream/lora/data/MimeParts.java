package io.lorastream.lora.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readable text of a MIME entity: text parts decoded from their transfer encoding (base64,
 * quoted-printable) and charset, multipart entities walked part by part, non-text parts (images,
 * attachments) skipped.
 *
 * <p>Decoding matters for a classifier: about one spam mail in fifteen in the SpamAssassin corpus
 * sends its whole body base64-encoded, and without decoding such a mail is a subject line and
 * nothing else. A {@code multipart/alternative} contributes one alternative (plain text when it has
 * words, else the next), so the same words are not read twice.
 */
final class MimeParts {

    /** Deeper nesting than this is not walked; real mail nests two or three levels. */
    private static final int MAX_DEPTH = 8;

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary\\s*=\\s*(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9._:+-]+)\"?");
    private static final Pattern QUOTED_PRINTABLE_BYTE = Pattern.compile("=([0-9A-Fa-f]{2})");
    private static final Pattern NOT_BASE64 = Pattern.compile("[^A-Za-z0-9+/]");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
    private static final Pattern BETWEEN_ENCODED_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");

    private MimeParts() {
    }

    /**
     * The entity's readable text, in document order; "" when it has none.
     *
     * @param headers the entity's header block (unfolded or not)
     * @param body everything after the blank line that ends the headers, lines separated by {@code \n}
     */
    static String readableText(String headers, String body) {
        return readable(headers, body, 0);
    }

    /**
     * A header value with its RFC 2047 encoded words ({@code =?charset?B|Q?text?=}) decoded; spam
     * often encodes its subject line so that filters reading raw headers miss the words.
     */
    static String decodeEncodedWords(String value) {
        if (!value.contains("=?")) {
            return value;
        }
        // RFC 2047 §6.2: whitespace between two adjacent encoded words is not part of the text
        String joined = BETWEEN_ENCODED_WORDS.matcher(value).replaceAll("$1$2");
        Matcher m = ENCODED_WORD.matcher(joined);
        StringBuilder out = new StringBuilder(joined.length());
        while (m.find()) {
            Charset charset = charset("charset=" + m.group(1));
            byte[] bytes = m.group(2).equalsIgnoreCase("B") ? base64(m.group(3))
                    : quotedPrintable(m.group(3).replace('_', ' '));
            m.appendReplacement(out, Matcher.quoteReplacement(bytes == null ? m.group() : new String(bytes, charset)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String readable(String headers, String body, int depth) {
        String contentType = EmailText.header(headers, "Content-Type").toLowerCase(Locale.ROOT);
        if (contentType.startsWith("multipart/")) {
            String boundary = boundary(EmailText.header(headers, "Content-Type"));
            // Without a boundary (or nested too deep) the parts cannot be told apart: the body is read
            // as one text, and the caller's line filter drops what looks like MIME structure.
            return boundary == null || depth >= MAX_DEPTH ? body
                    : multipart(body, boundary, contentType.startsWith("multipart/alternative"), depth);
        }
        if (contentType.startsWith("message/rfc822") && depth < MAX_DEPTH) {
            Entity forwarded = Entity.split(body);
            String subject = EmailText.header(forwarded.headers(), "Subject");
            String text = readable(forwarded.headers(), forwarded.body(), depth + 1);
            return subject.isEmpty() ? text : subject + "\n" + text;
        }
        if (!contentType.isEmpty() && !contentType.startsWith("text/")) {
            return ""; // an image, an attachment, a signature
        }
        return decode(body, EmailText.header(headers, "Content-Transfer-Encoding"), charset(contentType));
    }

    private static String multipart(String body, String boundary, boolean alternative, int depth) {
        List<String> parts = parts(body, boundary);
        if (parts.isEmpty()) {
            // The declared boundary never occurs (a sender's typo); read the body as one text and let
            // the caller's line filter drop what looks like MIME structure.
            return body;
        }
        List<String> texts = new ArrayList<>();
        for (String part : parts) {
            Entity entity = Entity.split(part);
            String text = readable(entity.headers(), entity.body(), depth + 1);
            if (!text.isBlank()) {
                texts.add(text);
            }
        }
        if (alternative) {
            // The same content several ways; some senders leave the plain-text one a stub ("view this
            // mail in HTML"), so the fullest is the one worth reading.
            return texts.stream().max(Comparator.comparingInt(String::length)).orElse("");
        }
        return String.join("\n", texts);
    }

    /** The parts between {@code --boundary} delimiter lines, up to the closing {@code --boundary--}. */
    private static List<String> parts(String body, String boundary) {
        String delimiter = "--" + boundary;
        List<String> parts = new ArrayList<>();
        StringBuilder current = null;
        for (String line : body.split("\n", -1)) {
            String trimmed = line.stripTrailing();
            if (trimmed.equals(delimiter + "--")) {
                break;
            }
            if (trimmed.equals(delimiter)) {
                if (current != null) {
                    parts.add(current.toString());
                }
                current = new StringBuilder();
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        if (current != null) {
            parts.add(current.toString()); // an unterminated last part still counts
        }
        return parts;
    }

    private static String decode(String body, String transferEncoding, Charset charset) {
        String encoding = transferEncoding.trim().toLowerCase(Locale.ROOT);
        if (encoding.equals("base64")) {
            byte[] bytes = base64(body);
            return bytes == null ? "" : new String(bytes, charset);
        }
        if (encoding.equals("quoted-printable")) {
            return new String(quotedPrintable(body), charset);
        }
        return body;
    }

    /** Base64 with line breaks and stray characters ignored, as mail readers do; null if it still does not decode. */
    private static byte[] base64(String body) {
        String clean = NOT_BASE64.matcher(body).replaceAll(""); // '=' padding too: the decoder does not need it
        // a lone trailing character carries under one byte
        int usable = clean.length() % 4 == 1 ? clean.length() - 1 : clean.length();
        if (usable == 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(clean.substring(0, usable));
        } catch (IllegalArgumentException broken) {
            return null;
        }
    }

    /**
     * Quoted-printable to bytes (RFC 2045 §6.7): soft line breaks joined, {@code =XX} escapes
     * decoded. The corpus's text holds one character per byte for anything not ASCII, so every
     * other character is kept as its low byte.
     */
    static byte[] quotedPrintable(String body) {
        String joined = body.replace("=\n", "");
        Matcher m = QUOTED_PRINTABLE_BYTE.matcher(joined);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(joined.length());
        int last = 0;
        while (m.find()) {
            appendLowBytes(joined, last, m.start(), out);
            out.write(Integer.parseInt(m.group(1), 16));
            last = m.end();
        }
        appendLowBytes(joined, last, joined.length(), out);
        return out.toByteArray();
    }

    private static void appendLowBytes(String text, int from, int to, java.io.ByteArrayOutputStream out) {
        for (int i = from; i < to; i++) {
            out.write(text.charAt(i) & 0xFF);
        }
    }

    private static String boundary(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    /** The declared charset when Java knows it, else ISO-8859-1, which maps every byte to a character. */
    private static Charset charset(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        if (m.find()) {
            try {
                return Charset.forName(m.group(1));
            } catch (IllegalArgumentException unknown) {
                // fall through: a misspelt or exotic charset still yields the ASCII words
            }
        }
        return StandardCharsets.ISO_8859_1;
    }

    /** A MIME entity split at the first blank line into its headers and its body. */
    record Entity(String headers, String body) {
        static Entity split(String text) {
            String trimmed = text.startsWith("\n") ? text.substring(1) : text;
            int end = trimmed.indexOf("\n\n");
            if (end < 0) {
                // headers only, or a part whose writer left out the blank line: read it all as body
                return looksLikeHeaders(trimmed) ? new Entity(trimmed, "") : new Entity("", trimmed);
            }
            String head = trimmed.substring(0, end);
            return looksLikeHeaders(head) ? new Entity(head, trimmed.substring(end + 2)) : new Entity("", trimmed);
        }

        private static boolean looksLikeHeaders(String block) {
            String first = block.lines().findFirst().orElse("");
            return first.matches("[A-Za-z0-9-]+:.*");
        }
    }
}
