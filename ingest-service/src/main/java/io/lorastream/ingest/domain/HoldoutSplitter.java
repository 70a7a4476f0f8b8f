package io.lorastream.ingest.domain;

/**
 * Decides train or holdout as a pure function of the content hash: bytes 8..15 of the hash,
 * read as a uniform number in [0, 1), go to holdout when below the task's share. A duplicate
 * can never land on both sides and a replay splits the same way.
 */
public final class HoldoutSplitter {

    private HoldoutSplitter() {
    }

    /** True when the example with this content hash belongs to the held-out set. */
    public static boolean isHoldout(byte[] contentHash, double holdoutShare) {
        return uniform(contentHash) < holdoutShare;
    }

    /** Bytes 8..15 (independent of the dedup key's bytes 0..7) as a double in [0, 1). */
    static double uniform(byte[] contentHash) {
        long bits = 0;
        for (int i = 8; i < 16; i++) {
            bits = (bits << 8) | (contentHash[i] & 0xffL);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }
}
