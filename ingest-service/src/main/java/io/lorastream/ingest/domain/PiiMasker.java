package io.lorastream.ingest.domain;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks e-mail addresses, phone numbers and card-like numbers in a text, counting what it masked.
 * Card numbers must pass the Luhn check so that order numbers and the like survive; cards are
 * masked before phones because a card number also looks like a long phone number.
 */
public final class PiiMasker {

    /** What kind of personal data was masked, with its placeholder. */
    public enum Kind {
        EMAIL("[EMAIL]"), CARD("[CARD]"), PHONE("[PHONE]");

        private final String placeholder;

        Kind(String placeholder) {
            this.placeholder = placeholder;
        }

        public String placeholder() {
            return placeholder;
        }
    }

    /** The masked text and how many of each kind were masked. */
    public record Result(String text, Map<Kind, Integer> counts) {
        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{2,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]\\d{2,4}){1,4}(?!\\w)"
                    + "|(?<![\\w+])\\+\\d{7,15}(?!\\w)");

    private PiiMasker() {
    }

    /** Masks every e-mail address, Luhn-valid card number and phone number in {@code text}. */
    public static Result mask(String text) {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        String masked = replace(EMAIL, text, Kind.EMAIL, counts, false);
        masked = replace(CARD, masked, Kind.CARD, counts, true);
        masked = replace(PHONE, masked, Kind.PHONE, counts, false);
        return new Result(masked, Map.copyOf(counts));
    }

    private static String replace(Pattern pattern, String text, Kind kind, Map<Kind, Integer> counts, boolean luhn) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (matcher.find()) {
            String found = matcher.group();
            if (luhn && !passesLuhn(found)) {
                continue;
            }
            if (kind == Kind.PHONE && digits(found) < 7) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, matcher.start()).append(kind.placeholder());
            last = matcher.end();
            counts.merge(kind, 1, Integer::sum);
        }
        if (out == null) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }

    private static int digits(String value) {
        int count = 0;
        for (int i = 0; i < value.length(); i++) {
            if (Character.isDigit(value.charAt(i))) {
                count++;
            }
        }
        return count;
    }

    static boolean passesLuhn(String candidate) {
        int sum = 0;
        boolean doubleIt = false;
        int digits = 0;
        for (int i = candidate.length() - 1; i >= 0; i--) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
            digits++;
        }
        return digits >= 13 && digits <= 19 && sum % 10 == 0;
    }
}
