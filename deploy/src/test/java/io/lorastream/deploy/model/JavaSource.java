package io.lorastream.deploy.model;

import java.util.ArrayList;
import java.util.List;

/** Just enough of Java's lexical structure to read declarations out of the services' sources. */
public final class JavaSource {

    private JavaSource() {
    }

    /** The source with comments blanked out (same length, string literals kept), so offsets stay valid. */
    public static String withoutComments(String src) {
        StringBuilder out = new StringBuilder(src);
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipLiteral(src, i);
            } else if (src.startsWith("//", i)) {
                int end = src.indexOf('\n', i);
                end = end < 0 ? src.length() : end;
                blank(out, i, end);
                i = end;
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? src.length() : end + 2;
                blank(out, i, end);
                i = end;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(StringBuilder out, int from, int to) {
        for (int k = from; k < to; k++) {
            if (out.charAt(k) != '\n') {
                out.setCharAt(k, ' ');
            }
        }
    }

    /** Index just past the string or char literal starting at {@code start} (text blocks included). */
    public static int skipLiteral(String src, int start) {
        if (src.startsWith("\"\"\"", start)) {
            int end = src.indexOf("\"\"\"", start + 3);
            return end < 0 ? src.length() : end + 3;
        }
        char quote = src.charAt(start);
        int i = start + 1;
        while (i < src.length() && src.charAt(i) != quote) {
            i += src.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, src.length());
    }

    /** Index of the bracket closing the one at {@code open} ('(' , '{' or '['), skipping literals. */
    public static int closing(String src, int open) {
        char o = src.charAt(open);
        char c = o == '(' ? ')' : o == '{' ? '}' : ']';
        int depth = 0;
        for (int i = open; i < src.length(); i++) {
            char ch = src.charAt(i);
            if (ch == '"' || ch == '\'') {
                i = skipLiteral(src, i) - 1;
            } else if (ch == o) {
                depth++;
            } else if (ch == c && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced " + o + " at offset " + open);
    }

    /** Index of the innermost '(' that is still open at {@code pos}, or -1. */
    public static int enclosingParen(String src, int pos) {
        int depth = 0;
        for (int i = pos - 1; i >= 0; i--) {
            char ch = src.charAt(i);
            if (ch == ')') {
                depth++;
            } else if (ch == '(') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (ch == '"') {
                // Walk back over a string literal (no escaped quotes in the sources this reads at meter names).
                int start = src.lastIndexOf('"', i - 1);
                i = start < 0 ? 0 : start;
            }
        }
        return -1;
    }

    /**
     * The arguments of the call whose '(' is at {@code open}, split at top-level commas, trimmed. Generic type
     * arguments are not bracketed: use it on calls and on parameter lists without {@code <A, B>}.
     */
    public static List<String> arguments(String src, int open) {
        int close = closing(src, open);
        List<String> args = new ArrayList<>();
        int depth = 0;
        int from = open + 1;
        for (int i = open + 1; i < close; i++) {
            char ch = src.charAt(i);
            if (ch == '"' || ch == '\'') {
                i = skipLiteral(src, i) - 1;
            } else if (ch == '(' || ch == '{' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == '}' || ch == ']') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                args.add(src.substring(from, i).trim());
                from = i + 1;
            }
        }
        String last = src.substring(from, close).trim();
        if (!last.isEmpty() || !args.isEmpty()) {
            args.add(last);
        }
        return args;
    }

    /** The identifier ending right before {@code pos} (whitespace skipped). */
    public static String identifierBefore(String src, int pos) {
        int end = skipWhitespaceBack(src, pos);
        return src.substring(identifierStart(src, end), end);
    }

    /** The identifier qualifying the one that ends at {@code pos}: {@code Counter} in {@code Counter.builder(}. */
    public static String qualifierBefore(String src, int pos) {
        int dot = identifierStart(src, skipWhitespaceBack(src, pos)) - 1;
        while (dot >= 0 && Character.isWhitespace(src.charAt(dot))) {
            dot--;
        }
        if (dot < 0 || src.charAt(dot) != '.') {
            return "";
        }
        return identifierBefore(src, dot);
    }

    private static int skipWhitespaceBack(String src, int pos) {
        int end = pos;
        while (end > 0 && Character.isWhitespace(src.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static int identifierStart(String src, int end) {
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(src.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    /** The Java string literal's value ({@code "a"} → a), or null when {@code text} is not one literal. */
    public static String literal(String text) {
        String t = text.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") && t.indexOf('"', 1) == t.length() - 1) {
            return t.substring(1, t.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return null;
    }
}
