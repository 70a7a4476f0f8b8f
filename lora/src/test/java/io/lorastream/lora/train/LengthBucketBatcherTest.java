package io.lorastream.lora.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LengthBucketBatcherTest {

    private static int[] randomLengths(int n) {
        SplittableRandom random = new SplittableRandom(3);
        return IntStream.range(0, n).map(i -> 3 + random.nextInt(126)).toArray();
    }

    @Test
    void everyExampleAppearsExactlyOnce() {
        int[] lengths = randomLengths(1003);
        for (boolean bucketing : new boolean[] {true, false}) {
            LengthBucketBatcher batcher = new LengthBucketBatcher(32, bucketing, 7);
            List<int[]> batches = batcher.plan(lengths, 0);

            int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
            assertThat(all).isEqualTo(IntStream.range(0, 1003).toArray());
            assertThat(batches).hasSize(batcher.batchesPerEpoch(1003));
            assertThat(batches).allSatisfy(b -> assertThat(b.length).isBetween(1, 32));
        }
    }

    @Test
    void bucketingCutsPaddingWaste() {
        int[] lengths = randomLengths(3200);

        double bucketed = paddingFraction(new LengthBucketBatcher(32, true, 1).plan(lengths, 0), lengths);
        double random = paddingFraction(new LengthBucketBatcher(32, false, 1).plan(lengths, 0), lengths);

        assertThat(random).isGreaterThan(0.3);
        assertThat(bucketed).isLessThan(0.05);
    }

    @Test
    void sameSeedAndEpochSamePlanOtherEpochOtherPlan() {
        int[] lengths = randomLengths(500);
        LengthBucketBatcher batcher = new LengthBucketBatcher(16, true, 42);

        String epoch0 = describe(batcher.plan(lengths, 0));
        assertThat(describe(new LengthBucketBatcher(16, true, 42).plan(lengths, 0))).isEqualTo(epoch0);
        assertThat(describe(batcher.plan(lengths, 1))).isNotEqualTo(epoch0);
    }

    private static String describe(List<int[]> batches) {
        StringBuilder sb = new StringBuilder();
        batches.forEach(b -> sb.append(Arrays.toString(b)));
        return sb.toString();
    }

    private static double paddingFraction(List<int[]> batches, int[] lengths) {
        long real = 0;
        long padded = 0;
        for (int[] batch : batches) {
            int max = Arrays.stream(batch).map(i -> lengths[i]).max().orElse(0);
            for (int i : batch) {
                real += lengths[i];
                padded += max;
            }
        }
        return 1.0 - (double) real / padded;
    }
}
