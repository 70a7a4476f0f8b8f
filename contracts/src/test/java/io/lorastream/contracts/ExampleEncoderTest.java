package io.lorastream.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExampleEncoderTest {

    private static Example example(String id, String text, double weight, String source, Instant timestamp,
                                   Instant ingestedAt) {
        return new Example(SchemaVersion.CURRENT, "spam-filter", id, text, "ham", weight, source, timestamp,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ingestedAt);
    }

    private static void assertSameAsContractJson(Example example) {
        byte[] encoded = ExampleEncoder.encode(example);
        assertThat(new String(encoded, StandardCharsets.UTF_8))
                .isEqualTo(new String(ContractJson.toBytes(example), StandardCharsets.UTF_8));
        assertThat(encoded).isEqualTo(ContractJson.toBytes(example));
        assertThat(ContractJson.fromBytes(encoded, Example.class)).isEqualTo(example);
    }

    @Test
    void writesWhatContractJsonWritesForOrdinaryRows() {
        assertSameAsContractJson(example("m1", "Subject: quarterly report. Hello team", 1.0, "bench", null,
                Instant.parse("2026-12-02T01:33:58.170143429Z")));
        assertSameAsContractJson(example("m1", "x", 2.5, null, Instant.parse("2026-11-25T04:17:00Z"),
                Instant.parse("2026-12-02T01:33:58.170Z")));
        assertSameAsContractJson(example("m1", "x", 1e-7, "s", Instant.parse("2026-11-25T04:17:00.100200Z"),
                Instant.EPOCH));
        assertSameAsContractJson(example("m1", "x", 100.0, "s", null, Instant.parse("9999-12-31T23:59:59.999999999Z")));
    }

    @Test
    void escapesAndUnicodeMatchJackson() {
        assertSameAsContractJson(example("id\u0001\u001f\u007f\b\f/", "caf\u00e9 \ud83d\ude00 \"q\" \\ \t\n\r \u2028 \uffff \u0800",
                0.25, "src\u0000\u0019", null, Instant.parse("2026-12-02T01:33:58Z")));
    }

    @Test
    void instantsOutsideFourDigitYearsAreWrittenAsIsoInstantToo() {
        assertSameAsContractJson(example("a", "b", 1.0, null, Instant.parse("+12026-12-02T01:33:58Z"),
                Instant.ofEpochSecond(-1000, 5)));
        assertSameAsContractJson(example("a", "b", 1.0, null, Instant.parse("-0001-01-01T00:00:00.5Z"),
                Instant.ofEpochSecond(253_402_300_800L)));
    }

    @Test
    void randomRowsMatchJacksonByteForByte() {
        Random random = new Random(42);
        char[] alphabet = "aZ09 \"\\/\t\n\r\b\f\u0000\u0007\u001f\u007f\u00e9\u00ff\u0100\u07ff\u0800\u20ac\ufffd".toCharArray();
        for (int n = 0; n < 2000; n++) {
            StringBuilder text = new StringBuilder("t");
            int len = random.nextInt(300);
            for (int i = 0; i < len; i++) {
                if (random.nextInt(20) == 0) {
                    text.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
                } else {
                    text.append(alphabet[random.nextInt(alphabet.length)]);
                }
            }
            Instant timestamp = random.nextBoolean() ? null
                    : Instant.ofEpochSecond(random.nextLong() % 400_000_000_000L, random.nextInt(4) == 0 ? 0
                            : random.nextInt(3) == 0 ? random.nextInt(1000) * 1_000_000 : random.nextInt(1_000_000_000));
            double weight = random.nextBoolean() ? 1.0 : Math.max(Double.MIN_VALUE, random.nextDouble() * 100);
            assertSameAsContractJson(example("id-" + n, text.toString(), weight, random.nextBoolean() ? null : "web",
                    timestamp, Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000) * 1000)));
        }
    }

    @Test
    void aSingleCharacterNeedingAnEscapeIsFoundAtAnyPositionOfALongPlainText() {
        String plain = "Subject: quarterly report Hello team, please find the figures attached";
        for (String special : new String[] {"\"", "\\", "\n", "\u0000", "\u001f", "\u007f", "\u00e9", "\u20ac", "\ud83d\ude00"}) {
            for (int position = 0; position <= plain.length(); position++) {
                String text = plain.substring(0, position) + special + plain.substring(position);
                assertSameAsContractJson(example("id", text, 1.0, null, null, Instant.EPOCH));
            }
        }
    }

    @Test
    void idsAndHashesThatAreNotLowerCaseHexAreStillEscaped() {
        for (String id : new String[] {"9F86D081", "abc\"def", "abc\\", "0123456789abcdefg", "caf\u00e9", "abc\n"}) {
            Example example = new Example(SchemaVersion.CURRENT, "spam-filter", id, "text", "ham", 1.0, null, null,
                    id, Instant.EPOCH);
            assertSameAsContractJson(example);
        }
    }

    @Test
    void surrogatesPairedOrNotAreEscapedAsJacksonsUtf8GeneratorDoes() {
        Example example = example("a", "emoji \ud83d\ude00, lone \ud800 and \udc00", 1.0, null, null, Instant.EPOCH);

        assertSameAsContractJson(example);
        assertThat(new String(ExampleEncoder.encode(example), StandardCharsets.UTF_8))
                .contains("emoji \\uD83D\\uDE00, lone \\uD800 and \\uDC00");
    }

    @Test
    void aRowLargerThanTheWorkingBufferAndTheRowsAfterItAreWrittenWhole() {
        assertSameAsContractJson(example("before", "a short row", 1.0, null, null, Instant.EPOCH));
        assertSameAsContractJson(example("huge", "x".repeat(200_000) + " caf\u00e9 \"q\"", 1.0, "web", null, Instant.EPOCH));
        assertSameAsContractJson(example("after", "a short row again", 1.0, null, null, Instant.EPOCH));
        // A row without an id carries its hash as id; the hash is written from the id's bytes.
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assertSameAsContractJson(new Example(SchemaVersion.CURRENT, "spam-filter", hash, "text", "ham", 1.0, null, null,
                hash, Instant.EPOCH));
    }

    @Test
    void threadsEncodingAtOnceEachWriteTheirOwnRows() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int n = 0; n < 2000; n++) {
                        // Lengths differ by thread and row, so a buffer shared by mistake would show.
                        assertSameAsContractJson(example("t" + thread + "-" + n, "row " + n + " " + "w".repeat(thread * 50 + n % 97),
                                1.0, null, null, Instant.ofEpochSecond(1_700_000_000L + n)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theRememberedIngestedAtIsOnlyReusedForThatInstant() {
        Instant first = Instant.parse("2026-12-02T01:33:58.170143Z");
        Instant second = Instant.parse("2026-12-02T01:33:58.170144Z");
        for (Instant ingestedAt : new Instant[] {first, first, second, first, second, second}) {
            assertSameAsContractJson(example("a", "b", 1.0, null, null, ingestedAt));
        }
    }
}
