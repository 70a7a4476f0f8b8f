package io.lorastream.contracts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Word-at-a-time scans over UTF-8 bytes, eight bytes a step. Every byte of every request body
 * goes through the UTF-8 check and every accepted text through the content hash; most feedback
 * text is plain ASCII, and a byte-at-a-time loop with an early exit is not vectorized by the JIT.
 */
public final class AsciiRuns {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    private static final long SPACES = ONES * 0x20;

    private AsciiRuns() {
    }

    /** The index of the first byte at or above 0x80 in {@code bytes[from, to)}, or {@code to} when there is none. */
    public static int asciiRunEnd(byte[] bytes, int from, int to) {
        int i = from;
        while (i + Long.BYTES <= to && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
            i += Long.BYTES;
        }
        while (i < to && bytes[i] >= 0) {
            i++;
        }
        return i;
    }

    /**
     * Lower-cases {@code bytes} in place when they are words of ASCII separated by single spaces: no byte
     * below 0x20 or above 0x7f, no space first, last or beside another. Then the lower-cased bytes
     * are already what folding whitespace and lower-casing make of them, which is most feedback text.
     *
     * @return true when the bytes were such text (and are now lower case); false otherwise, when some of
     *     them may have been lower-cased already (harmless to a caller that lower-cases them anyway)
     */
    public static boolean lowerCaseIfSingleSpaced(byte[] bytes) {
        int n = bytes.length;
        if (n == 0) {
            return true;
        }
        if (bytes[0] == ' ' || bytes[n - 1] == ' ') {
            return false;
        }
        boolean previousWasSpace = false;
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            if (((word & HIGH_BITS) | anyBelowSpace(word)) != 0) {
                return false;
            }
            long spaces = exactZeroBytes(word ^ SPACES);
            // A space beside a space in this word (little-endian: the next byte is 8 bits up), or one
            // that starts this word after one that ended the last.
            if ((spaces & (spaces << 8)) != 0 || (previousWasSpace && (spaces & 0x80L) != 0)) {
                return false;
            }
            previousWasSpace = spaces < 0;
            // With no high bits, neither sum carries out of its byte: a byte's high bit says ">= 'A'"
            // in the first and "> 'Z'" in the second; an upper-case letter gains 0x20.
            long atLeastA = word + ONES * (0x80 - 'A');
            long aboveZ = word + ONES * (0x80 - 'Z' - 1);
            LONGS.set(bytes, i, word | ((atLeastA & ~aboveZ & HIGH_BITS) >>> 2));
        }
        for (; i < n; i++) {
            byte b = bytes[i];
            if (b < 0x20 || (b == ' ' && previousWasSpace)) {
                return false;
            }
            previousWasSpace = b == ' ';
            if (b >= 'A' && b <= 'Z') {
                bytes[i] = (byte) (b + ('a' - 'A'));
            }
        }
        return true;
    }

    /** The high bit of each zero byte of a word, and no other bit (no borrow between bytes, unlike "haszero"). */
    private static long exactZeroBytes(long word) {
        long low7 = (word & ~HIGH_BITS) + ~HIGH_BITS;
        return ~(low7 | word | ~HIGH_BITS);
    }

    /** Non-zero when some byte of a word without high bits is below 0x20 (Bit Twiddling Hacks, "hasless"). */
    private static long anyBelowSpace(long word) {
        return (word - SPACES) & ~word & HIGH_BITS;
    }
}
