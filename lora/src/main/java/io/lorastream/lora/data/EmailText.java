package io.lorastream.lora.data;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a raw RFC 822 message into the text a classifier should read: the subject line (encoded
 * words decoded), then the readable body: text parts decoded from base64 or quoted-printable by
 * {@link MimeParts}, attachments skipped, HTML tags and leftover MIME lines removed, whitespace
 * collapsed.
 *
 * <p>Routing headers (Received, Message-Id, …) are dropped because with a 128-token budget they
 * would crowd out the words, and because they identify the corpus's collection setup rather than
 * anything a production sender would write.
 */
public final class EmailText {

    /**
     * Upper bound on the returned length. Models read at most a few hundred tokens, and a handful of
     * mails carry hundreds of kilobytes of HTML; tokenizing all of it would be wasted work.
     */
    public static final int MAX_CHARS = 8_000;

    private static final Pattern HTML_TAG = Pattern.compile("<[^>]{0,2000}>");
    private static final Pattern HTML_COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern STYLE_OR_SCRIPT = Pattern.compile("(?is)<(style|script)\\b.*?</\\1\\s*>");
    private static final Pattern BASE64_LINE = Pattern.compile("^[A-Za-z0-9+/=]{60,}$");
    private static final Pattern PART_HEADER = Pattern.compile(
            "^(Content-[A-Za-z-]+|MIME-Version|This is a multi-part message.*):.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private EmailText() {
    }

    /** {@code "<subject>\n<body>"}, cleaned as described above, at most {@link #MAX_CHARS} characters. */
    public static String subjectAndBody(String raw) {
        String normalized = raw.replace("\r\n", "\n");
        int headerEnd = normalized.indexOf("\n\n");
        String headers = headerEnd < 0 ? normalized : normalized.substring(0, headerEnd);
        String body = headerEnd < 0 ? "" : normalized.substring(headerEnd + 2);

        String subject = MimeParts.decodeEncodedWords(header(headers, "Subject"));
        // What MIME decoding leaves of a broken multipart (no boundary parameter, say) still has part
        // headers and encoded blocks in it; the line filter drops those.
        String cleanBody = collapse(stripHtml(dropMimeStructure(MimeParts.readableText(headers, body))));
        String text = (subject.isEmpty() ? "" : collapse(subject) + "\n") + cleanBody;
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    }

    /** The unfolded value of the first header named {@code name}, or "" when absent. */
    static String header(String headers, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        String[] lines = headers.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].toLowerCase(Locale.ROOT).startsWith(prefix)) {
                StringBuilder value = new StringBuilder(lines[i].substring(prefix.length()).trim());
                // Folded continuation lines start with whitespace (RFC 5322 §2.2.3).
                for (int j = i + 1; j < lines.length && !lines[j].isEmpty()
                        && Character.isWhitespace(lines[j].charAt(0)); j++) {
                    value.append(' ').append(lines[j].trim());
                }
                return value.toString();
            }
        }
        return "";
    }

    private static String dropMimeStructure(String body) {
        StringBuilder out = new StringBuilder(body.length());
        for (String line : body.split("\n", -1)) {
            String trimmed = line.trim();
            boolean boundary = trimmed.startsWith("--") && trimmed.length() > 8 && !trimmed.contains(" ");
            if (boundary || PART_HEADER.matcher(trimmed).matches() || BASE64_LINE.matcher(trimmed).matches()) {
                continue;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String stripHtml(String text) {
        String s = STYLE_OR_SCRIPT.matcher(text).replaceAll(" ");
        s = HTML_COMMENT.matcher(s).replaceAll(" ");
        s = HTML_TAG.matcher(s).replaceAll(" ");
        return s.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"");
    }

    private static String collapse(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").trim();
    }
}
