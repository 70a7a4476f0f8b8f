package io.lorastream.ingest.domain;

/** Trims parser and client exception messages to what belongs in a one-line error or header. */
public final class ErrorText {

    private ErrorText() {
    }

    /** The first line of {@code message}; Jackson appends source locations on later lines. */
    public static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
