package io.lorastream.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class ContentHashingAndSplitTest {

    @Test
    void textsThatDifferOnlyInCaseSpacingOrUnicodeFormHashAlike() {
        String a = ContentHasher.hex(ContentHasher.hash("Win  FREE money\n now"));
        String b = ContentHasher.hex(ContentHasher.hash("  win free MONEY now "));
        String c = ContentHasher.hex(ContentHasher.hash("ｗｉｎ free money now"));

        assertThat(a).isEqualTo(b).isEqualTo(c).hasSize(64);
        assertThat(ContentHasher.hex(ContentHasher.hash("win free money later"))).isNotEqualTo(a);
    }

    @Test
    void normalizationFoldsEveryWhitespaceRunAndTrims() {
        assertThat(ContentHasher.normalize(" \t A\r\n\u000B\fb  c \n")).isEqualTo("a b c");
        assertThat(ContentHasher.normalize("   ")).isEmpty();
        assertThat(ContentHasher.normalize("ＡＢ")).isEqualTo("ab");
    }

    @Test
    void theHashIsSha256OfTheNormalizedText() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest("hello world".getBytes(StandardCharsets.UTF_8));

        assertThat(ContentHasher.hash(" Hello\tWorld ")).isEqualTo(expected);
    }

    @Test
    void theAsciiFastPathHashesExactlyWhatNormalizeReturns() throws Exception {
        for (String text : new String[] {"", "   ", "A", " \t A\r\n\u000B\fb  c \n", "MiXeD Case ~!@#$%^&*()_+{}|:<>?",
                "tabs\tand\nnewlines\r\n", "\u001F\u007F edge controls", "trailing   "}) {
            byte[] expected = MessageDigest.getInstance("SHA-256")
                    .digest(ContentHasher.normalize(text).getBytes(StandardCharsets.UTF_8));
            assertThat(ContentHasher.hash(text)).as("'%s'", text).isEqualTo(expected);
        }
    }

    @Test
    void everyAsciiCharacterAndTextsTurningNonAsciiMidwayHashAsNormalizeSays() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        java.util.Random random = new java.util.Random(3);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                // Every ASCII character, NUL included, and now and then one that is not ASCII.
                text.append(random.nextInt(50) == 0 ? '\u00c9' : (char) random.nextInt(0x80));
            }
            byte[] expected = sha256.digest(ContentHasher.normalize(text.toString()).getBytes(StandardCharsets.UTF_8));
            assertThat(ContentHasher.hash(text.toString())).as("'%s'", text).isEqualTo(expected);
        }
    }

    @Test
    void wordsInEveryCaseAndSpacingHashAsNormalizeSays() throws Exception {
        // Mostly single-spaced words (the fast path), now and then a space run, a tab or a newline,
        // a leading or trailing space, or a non-ASCII letter (the slower paths), at every length.
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String[] pieces = {"Hello", "WORLD", "quarterly", "Report", "a", "Z", "[x]", "@home", "`q`", "{}", "Élan"};
        String[] gaps = {" ", " ", " ", " ", " ", " ", "  ", "\t", "\n", " \r\n "};
        java.util.Random random = new java.util.Random(5);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder(random.nextInt(20) == 0 ? " " : "");
            int words = random.nextInt(12);
            for (int i = 0; i < words; i++) {
                text.append(i > 0 ? gaps[random.nextInt(gaps.length)] : "")
                        .append(pieces[random.nextInt(random.nextInt(8) == 0 ? pieces.length : pieces.length - 1)]);
            }
            text.append(random.nextInt(20) == 0 ? " " : "");
            byte[] expected = sha256.digest(ContentHasher.normalize(text.toString()).getBytes(StandardCharsets.UTF_8));
            assertThat(ContentHasher.hash(text.toString())).as("'%s'", text).isEqualTo(expected);
        }
    }

    @Test
    void theHexIsLowerCaseAndTwoDigitsAByte() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        assertThat(ContentHasher.hex(bytes)).isEqualTo(java.util.HexFormat.of().formatHex(bytes));
    }

    @Test
    void theDedupKeyIsTheSameFromBytesAndFromHex() {
        byte[] hash = ContentHasher.hash("some text");

        assertThat(ContentHasher.dedupKey(ContentHasher.hex(hash))).isEqualTo(ContentHasher.dedupKey(hash));
    }

    @Test
    void theSplitIsDeterministicAndMatchesTheShare() {
        int holdout = 0;
        int total = 20_000;
        for (int i = 0; i < total; i++) {
            byte[] hash = ContentHasher.hash("example number " + i);
            boolean first = HoldoutSplitter.isHoldout(hash, 0.1);
            assertThat(HoldoutSplitter.isHoldout(ContentHasher.hash("EXAMPLE  number " + i), 0.1)).isEqualTo(first);
            if (first) {
                holdout++;
            }
        }
        // 10% of 20,000 is 2,000 with a standard deviation of ~42: five sigmas either way.
        assertThat(holdout).isBetween(1790, 2210);
    }

    @Test
    void shareZeroSendsNothingToHoldout() {
        for (int i = 0; i < 1000; i++) {
            assertThat(HoldoutSplitter.isHoldout(ContentHasher.hash("x" + i), 0.0)).isFalse();
        }
    }

    @Test
    void uniformIsInTheUnitInterval() {
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertThat(HoldoutSplitter.uniform(ones)).isLessThan(1.0).isGreaterThan(0.999);
        assertThat(HoldoutSplitter.uniform(new byte[32])).isEqualTo(0.0);
    }
}
