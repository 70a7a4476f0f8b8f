package io.lorastream.lora.metrics;

/** Argument checks shared by the metrics, with messages that name the offending field and item. */
final class MetricArguments {

    private MetricArguments() {
    }

    static void requireSameLength(String firstName, int firstLength, String secondName, int secondLength) {
        if (firstLength != secondLength) {
            throw new IllegalArgumentException(firstName + " has " + firstLength + " items but " + secondName
                    + " has " + secondLength + ": they must describe the same items");
        }
    }

    static void requireClass(String field, int item, int value, int numClasses) {
        if (value < 0 || value >= numClasses) {
            throw new IllegalArgumentException(field + "[" + item + "] = " + value
                    + " is not a class index: it must lie in [0, " + numClasses + ")");
        }
    }

    static void requireNonEmpty(String field, int length) {
        if (length == 0) {
            throw new IllegalArgumentException(field + " is empty: at least one item is needed");
        }
    }

    /**
     * Checks that {@code row} is a probability distribution over {@code numClasses} classes.
     * The tolerance admits float32 rounding from a softmax while catching unnormalised scores.
     */
    static void requireDistribution(int item, double[] row, int numClasses) {
        if (row.length != numClasses) {
            throw new IllegalArgumentException("probabilities[" + item + "] has " + row.length
                    + " entries but there are " + numClasses + " classes");
        }
        double sum = 0;
        for (int c = 0; c < row.length; c++) {
            double p = row[c];
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("probabilities[" + item + "][" + c + "] = " + p
                        + " is not a probability in [0, 1]");
            }
            sum += p;
        }
        if (Math.abs(sum - 1.0) > 1e-4) {
            throw new IllegalArgumentException("probabilities[" + item + "] sums to " + sum
                    + ": each row must be a distribution summing to 1");
        }
    }
}
