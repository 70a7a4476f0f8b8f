package io.lorastream.deploy.promql;

import java.util.ArrayList;
import java.util.List;

/** Splits a PromQL expression into tokens. */
final class Lexer {

    enum Kind { IDENT, NUMBER, DURATION, STRING, OP, PUNCT, EOF }

    record Token(Kind kind, String text, int pos) {
        boolean is(String s) {
            return (kind == Kind.OP || kind == Kind.PUNCT) && text.equals(s);
        }

        boolean isWord(String s) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(s);
        }
    }

    private static final String[] OPS = {"==", "!=", "<=", ">=", "=~", "!~", "+", "-", "*", "/", "%", "^", "<", ">", "="};

    private Lexer() {
    }

    static List<Token> tokens(String expr) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                int nl = expr.indexOf('\n', i);
                i = nl < 0 ? expr.length() : nl;
            } else if (Character.isLetter(c) || c == '_'
                    || c == ':' && i + 1 < expr.length() && (Character.isLetter(expr.charAt(i + 1)) || expr.charAt(i + 1) == '_')) {
                int s = i;
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, expr.substring(s, i), s));
            } else if (Character.isDigit(c) || c == '.' && i + 1 < expr.length() && Character.isDigit(expr.charAt(i + 1))) {
                int s = i;
                i = number(expr, i);
                if (i < expr.length() && "smhdwy".indexOf(expr.charAt(i)) >= 0 && onlyDigits(expr.substring(s, i))) {
                    i = s;
                    while (i < expr.length() && (Character.isDigit(expr.charAt(i)) || "smhdwy".indexOf(expr.charAt(i)) >= 0)) {
                        i++;
                    }
                    String d = expr.substring(s, i);
                    if (!d.matches("(\\d+(ms|[smhdwy]))+")) {
                        throw new PromQlException("bad duration '" + d + "' at " + s);
                    }
                    out.add(new Token(Kind.DURATION, d, s));
                } else {
                    out.add(new Token(Kind.NUMBER, expr.substring(s, i), s));
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                int s = i++;
                StringBuilder v = new StringBuilder();
                while (i < expr.length() && expr.charAt(i) != c) {
                    if (expr.charAt(i) == '\\' && c != '`' && i + 1 < expr.length()) {
                        v.append(expr.charAt(i + 1));
                        i += 2;
                    } else if (expr.charAt(i) == '\n' && c != '`') {
                        throw new PromQlException("unterminated string at " + s);
                    } else {
                        v.append(expr.charAt(i++));
                    }
                }
                if (i >= expr.length()) {
                    throw new PromQlException("unterminated string at " + s);
                }
                i++;
                out.add(new Token(Kind.STRING, v.toString(), s));
            } else if ("(){}[],@:".indexOf(c) >= 0) {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), i++));
            } else {
                String op = null;
                for (String o : OPS) {
                    if (expr.startsWith(o, i)) {
                        op = o;
                        break;
                    }
                }
                if (op == null) {
                    throw new PromQlException("unexpected character '" + c + "' at " + i);
                }
                out.add(new Token(Kind.OP, op, i));
                i += op.length();
            }
        }
        out.add(new Token(Kind.EOF, "", expr.length()));
        return out;
    }

    private static boolean onlyDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static int number(String expr, int i) {
        if (expr.startsWith("0x", i) || expr.startsWith("0X", i)) {
            i += 2;
            while (i < expr.length() && Character.digit(expr.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        while (i < expr.length() && (Character.isDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
            i++;
        }
        if (i < expr.length() && (expr.charAt(i) == 'e' || expr.charAt(i) == 'E')) {
            int k = i + 1;
            if (k < expr.length() && (expr.charAt(k) == '+' || expr.charAt(k) == '-')) {
                k++;
            }
            if (k < expr.length() && Character.isDigit(expr.charAt(k))) {
                i = k;
                while (i < expr.length() && Character.isDigit(expr.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }
}
