package io.lorastream.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DedupIndexTest {

    @Test
    void aClaimedKeyIsADuplicateUntilReleased() {
        DedupIndex index = new DedupIndex(10);

        assertThat(index.claim("spam", 42)).isTrue();
        assertThat(index.claim("spam", 42)).isFalse();
        assertThat(index.claim("intent", 42)).as("tasks are separate").isTrue();
        index.release("spam", 42);
        assertThat(index.claim("spam", 42)).isTrue();
    }

    @Test
    void claimingARequestsKeysTogetherAgreesWithClaimingThemOneByOne() {
        DedupIndex index = new DedupIndex(10);
        index.claim("t", 7);

        assertThat(index.claimAll("t", new long[] {1, 7, 2, 1, 0})).containsExactly(true, false, true, false, true);
        assertThat(index.claimAll("t", new long[0])).isEmpty();
        assertThat(index.size("t")).isEqualTo(4);
        assertThat(index.claim("t", 2)).isFalse();
    }

    @Test
    void releasingAnOlderClaimWorksAfterNewerOnes() {
        DedupIndex index = new DedupIndex(100);
        index.claim("t", 1);
        index.claim("t", 2);
        index.claim("t", 3);

        index.release("t", 1);

        assertThat(index.claim("t", 1)).isTrue();
        assertThat(index.claim("t", 2)).isFalse();
        assertThat(index.size("t")).isEqualTo(3);
    }

    @Test
    void memoryIsBoundedAndTheOldestKeysAreForgottenFirst() {
        DedupIndex index = new DedupIndex(1000);
        for (long key = 1; key <= 5000; key++) {
            index.claim("t", key);
        }

        assertThat(index.size("t")).isEqualTo(1000);
        assertThat(index.claim("t", 4001)).as("recent key").isFalse();
        assertThat(index.claim("t", 1)).as("evicted key").isTrue();
    }

    @Test
    void zeroIsAnOrdinaryKey() {
        DedupIndex index = new DedupIndex(4);
        assertThat(index.claim("t", 0)).isTrue();
        assertThat(index.claim("t", 0)).isFalse();
    }

    @Test
    void agreesWithAReferenceModelUnderRandomClaimsAndReleases() {
        int capacity = 64;
        RecentKeySet keys = new RecentKeySet(capacity);
        // Reference: a FIFO of ring slots; a released key leaves a dead slot that still takes room.
        java.util.ArrayDeque<long[]> slots = new java.util.ArrayDeque<>();
        Set<Long> live = new HashSet<>();
        Random random = new Random(7);
        for (int step = 0; step < 100_000; step++) {
            long key = random.nextInt(300) - 150;
            if (random.nextInt(5) == 0) {
                boolean expected = live.remove(key);
                if (expected) {
                    for (var it = slots.descendingIterator(); it.hasNext(); ) {
                        long[] slot = it.next();
                        if (slot[1] == 1 && slot[0] == key) {
                            slot[1] = 0;
                            break;
                        }
                    }
                }
                assertThat(keys.remove(key)).isEqualTo(expected);
            } else {
                boolean expected = !live.contains(key);
                if (expected) {
                    if (slots.size() == capacity) {
                        long[] evicted = slots.pollFirst();
                        if (evicted[1] == 1) {
                            live.remove(evicted[0]);
                        }
                    }
                    slots.addLast(new long[] {key, 1});
                    live.add(key);
                }
                assertThat(keys.add(key)).isEqualTo(expected);
            }
            assertThat(keys.size()).isEqualTo(live.size());
        }
        for (long key = -150; key < 150; key++) {
            assertThat(keys.contains(key)).isEqualTo(live.contains(key));
        }
    }
}
