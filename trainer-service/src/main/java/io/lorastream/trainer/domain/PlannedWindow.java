package io.lorastream.trainer.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * A window with a plan, and the examples collected for it so far: complete from the start for a
 * window cut from the buffer, filled record by record for a window recovered from the store.
 */
public final class PlannedWindow {

    private final WindowPlan plan;
    private final boolean trained;
    private final List<SourcedExample> examples = new ArrayList<>();
    private Instant notBefore;

    PlannedWindow(WindowPlan plan, boolean trained, List<SourcedExample> examples) {
        this.plan = plan;
        this.trained = trained;
        this.examples.addAll(examples);
    }

    public WindowPlan plan() {
        return plan;
    }

    /** True when the candidate is already complete in the store and only needs announcing. */
    public boolean trained() {
        return trained;
    }

    public List<SourcedExample> examples() {
        return List.copyOf(examples);
    }

    void add(SourcedExample example) {
        examples.add(example);
    }

    /**
     * True once the consumer has read past the window's last offset on every partition, so no
     * more of its records can arrive (a record deleted by retention is simply missing).
     *
     * @param position the consumer's next offset for a partition
     */
    boolean isCollected(IntToLongFunction position) {
        for (Map.Entry<Integer, Long> last : plan.lastOffsets().entrySet()) {
            if (position.applyAsLong(last.getKey()) <= last.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Holds the window back until {@code time} (after a cancelled job), unless an operator asks. */
    void holdUntil(Instant time) {
        notBefore = time;
    }

    boolean isHeld(Instant now) {
        return notBefore != null && now.isBefore(notBefore);
    }

    void release() {
        notBefore = null;
    }
}
