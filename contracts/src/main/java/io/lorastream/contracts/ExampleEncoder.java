package io.lorastream.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes an {@link Example} as the record value, byte for byte what {@link ContractJson#toBytes}
 * writes (same field order, escapes, number and instant forms; {@code ExampleEncoderTest} holds it to
 * that), straight into one byte array. Jackson's bean serializer was the largest single cost of an
 * accepted row in the ingest profile (reflective accessors, a generator and buffer recycling per row,
 * {@code DateTimeFormatter} for every instant); every accepted row goes through here.
 */
public final class ExampleEncoder {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** 9999-12-31T23:59:59Z: up to there an instant is printed here; outside, by {@link Instant#toString()}. */
    private static final long LAST_FOUR_DIGIT_YEAR_SECOND = 253_402_300_799L;

    /** The last ingestedAt written, as JSON: the rows of one request share it (see ExamplePreparer.prepareAll). */
    private static final AtomicReference<FormattedInstant> LAST_INGESTED_AT =
            new AtomicReference<>(new FormattedInstant(Instant.EPOCH, "\"1970-01-01T00:00:00Z\"".getBytes(StandardCharsets.US_ASCII)));

    private record FormattedInstant(Instant instant, byte[] json) {
    }

    // Field names as bytes, copied whole: a character loop over them cost as much as the text's own copy.
    private static final byte[] SCHEMA_VERSION = ascii("{\"schemaVersion\":");
    private static final byte[] TASK = ascii(",\"task\":");
    private static final byte[] ID = ascii(",\"id\":");
    private static final byte[] TEXT = ascii(",\"text\":");
    private static final byte[] LABEL = ascii(",\"label\":");
    private static final byte[] WEIGHT = ascii(",\"weight\":");
    private static final byte[] SOURCE = ascii(",\"source\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
    private static final byte[] CONTENT_HASH = ascii(",\"contentHash\":");
    private static final byte[] INGESTED_AT = ascii(",\"ingestedAt\":");
    private static final byte[] END = ascii("}");
    private static final byte[] NULL = ascii("null");
    private static final byte[] WEIGHT_ONE = ascii(Double.toString(1.0));

    /** A working buffer's size: a row with ASCII text of up to about 3,500 characters fits without growing it. */
    private static final int WORKING_CAPACITY = 4096;
    /** A working buffer grown past this by one huge row is dropped after it, not kept for the thread's next rows. */
    private static final int MAX_KEPT_CAPACITY = 64 * 1024;
    /**
     * Each thread's working buffer: a row is written there and copied out at its exact size, one allocation a
     * row. A fresh buffer a row, sized for the strings plus room for the rest, was always larger than the row
     * and so copied once more; on the ingest host every freshly allocated byte costs cache misses.
     */
    private static final ThreadLocal<ExampleEncoder> WORKING = ThreadLocal.withInitial(() -> new ExampleEncoder(WORKING_CAPACITY));

    private byte[] out;
    private int length;

    private ExampleEncoder(int capacity) {
        this.out = new byte[capacity];
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The UTF-8 JSON of {@code example}. */
    public static byte[] encode(Example example) {
        ExampleEncoder encoder = WORKING.get();
        // From the start whatever the last row left: encode runs nothing that could call it again on this thread.
        encoder.length = 0;
        encoder.raw(SCHEMA_VERSION).raw(Integer.toString(example.schemaVersion()));
        encoder.raw(TASK).string(example.task());
        encoder.raw(ID);
        int idStart = encoder.length;
        encoder.string(example.id());
        int idEnd = encoder.length;
        encoder.raw(TEXT).string(example.text());
        encoder.raw(LABEL).string(example.label());
        // Most rows carry the default weight; Double.toString is a costly way to write "1.0".
        encoder.raw(WEIGHT);
        if (example.weight() == 1.0) {
            encoder.raw(WEIGHT_ONE);
        } else {
            encoder.raw(Double.toString(example.weight()));
        }
        encoder.raw(SOURCE).nullableString(example.source());
        encoder.raw(TIMESTAMP).instant(example.timestamp());
        encoder.raw(CONTENT_HASH);
        if (example.contentHash().equals(example.id())) {
            // A row sent without an id has its content hash as id: the same string, already written once.
            encoder.copyOfOwn(idStart, idEnd);
        } else {
            encoder.string(example.contentHash());
        }
        encoder.raw(INGESTED_AT).ingestedAt(example.ingestedAt());
        encoder.raw(END);
        byte[] json = Arrays.copyOf(encoder.out, encoder.length);
        if (encoder.out.length > MAX_KEPT_CAPACITY) {
            encoder.out = new byte[WORKING_CAPACITY];
        }
        return json;
    }

    /** Bytes written earlier into this row, {@code [from, to)}, once more. */
    private void copyOfOwn(int from, int to) {
        ensure(to - from);
        System.arraycopy(out, from, out, length, to - from);
        length += to - from;
    }

    /** Bytes as they are: the field names. */
    private ExampleEncoder raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, length, bytes.length);
        length += bytes.length;
        return this;
    }

    /** ASCII without escapes: numbers. */
    private ExampleEncoder raw(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            out[length++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    private ExampleEncoder nullableString(String value) {
        return value == null ? raw(NULL) : string(value);
    }

    /**
     * A JSON string with Jackson's escapes: {@code \" \\ \b \t \n \f \r}, other C0 controls and UTF-16
     * surrogates as {@code \\uXXXX}; everything else as plain UTF-8.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for chars below 0x80
    private ExampleEncoder string(String value) {
        // A scan of the chars, then one copy straight into the row: no byte[] per string. With
        // getBytes(UTF_8) and a word-at-a-time scan of its bytes the scan was a fifth of the row workers'
        // samples, stalled on the freshly allocated copies. A non-ASCII or control char, a quote or a
        // backslash takes the slow path.
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                return escapedString(value);
            }
        }
        ensure(n + 2);
        out[length++] = '"';
        value.getBytes(0, n, out, length);
        length += n;
        out[length++] = '"';
        return this;
    }

    private ExampleEncoder escapedString(String value) {
        int n = value.length();
        ensure(n + 2);
        out[length++] = '"';
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                ensure(1);
                out[length++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else if (c < 0x800) {
                ensure(2);
                out[length++] = (byte) (0xc0 | (c >> 6));
                out[length++] = (byte) (0x80 | (c & 0x3f));
            } else if (!Character.isSurrogate(c)) {
                ensure(3);
                out[length++] = (byte) (0xe0 | (c >> 12));
                out[length++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[length++] = (byte) (0x80 | (c & 0x3f));
            } else {
                // Jackson's UTF-8 generator writes UTF-16 surrogates (paired or not) as escapes.
                hexEscape(c);
            }
        }
        ensure(1);
        out[length++] = '"';
        return this;
    }

    private void escape(char c) {
        char shortForm = switch (c) {
            case '"', '\\' -> c;
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
        if (shortForm == 0) {
            hexEscape(c);
            return;
        }
        ensure(2);
        out[length++] = '\\';
        out[length++] = (byte) shortForm;
    }

    private void hexEscape(char c) {
        ensure(6);
        out[length++] = '\\';
        out[length++] = 'u';
        out[length++] = HEX[c >> 12];
        out[length++] = HEX[(c >> 8) & 0xf];
        out[length++] = HEX[(c >> 4) & 0xf];
        out[length++] = HEX[c & 0xf];
    }

    private ExampleEncoder ingestedAt(Instant instant) {
        FormattedInstant last = LAST_INGESTED_AT.get();
        if (!last.instant().equals(instant)) {
            int start = length;
            instant(instant);
            last = new FormattedInstant(instant, Arrays.copyOfRange(out, start, length));
            LAST_INGESTED_AT.set(last);
            return this;
        }
        ensure(last.json().length);
        System.arraycopy(last.json(), 0, out, length, last.json().length);
        length += last.json().length;
        return this;
    }

    /** ISO-8601 as {@code DateTimeFormatter.ISO_INSTANT} prints it (what Jackson writes), or null. */
    private ExampleEncoder instant(Instant instant) {
        if (instant == null) {
            return raw(NULL);
        }
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > LAST_FOUR_DIGIT_YEAR_SECOND) {
            return raw("\"" + instant + "\"");
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        ensure(32);
        out[length++] = '"';
        digits(date.getYear(), 4);
        out[length++] = '-';
        digits(date.getMonthValue(), 2);
        out[length++] = '-';
        digits(date.getDayOfMonth(), 2);
        out[length++] = 'T';
        digits(secondOfDay / 3600, 2);
        out[length++] = ':';
        digits(secondOfDay / 60 % 60, 2);
        out[length++] = ':';
        digits(secondOfDay % 60, 2);
        int nanos = instant.getNano();
        // ISO_INSTANT prints the fraction in groups of three digits, as few as the value needs.
        if (nanos != 0) {
            out[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                digits(nanos / 1000, 6);
            } else {
                digits(nanos, 9);
            }
        }
        out[length++] = 'Z';
        out[length++] = '"';
        return this;
    }

    private void digits(int value, int width) {
        for (int i = length + width - 1; i >= length; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }
}
