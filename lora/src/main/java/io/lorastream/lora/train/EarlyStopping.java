package io.lorastream.lora.train;

/**
 * Tracks the best validation loss and says when it has not improved by at least {@code minDelta}
 * for {@code patience} consecutive epochs.
 */
final class EarlyStopping {

    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch = -1;
    private int epochsWithoutImprovement;

    /**
     * @param patience epochs without improvement tolerated; 0 disables stopping (the best epoch is
     *     still tracked)
     */
    EarlyStopping(int patience, double minDelta) {
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Records an epoch's validation loss; returns whether it is the new best. */
    boolean record(int epoch, double validationLoss) {
        if (validationLoss < best - minDelta) {
            best = validationLoss;
            bestEpoch = epoch;
            epochsWithoutImprovement = 0;
            return true;
        }
        epochsWithoutImprovement++;
        return false;
    }

    boolean shouldStop() {
        return patience > 0 && epochsWithoutImprovement >= patience;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    double bestLoss() {
        return best;
    }
}
