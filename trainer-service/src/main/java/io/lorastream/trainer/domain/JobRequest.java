package io.lorastream.trainer.domain;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskSpec;
import java.util.List;

/**
 * Everything a job needs, gathered by the consumer thread when the window became due.
 *
 * @param spec the task's spec as it is now (a changed spec applies from the next job on)
 * @param plan the window's plan
 * @param alreadyTrained the candidate is complete in the store and only needs announcing
 * @param window the window's examples, in offset order
 * @param champion the task's champion, or null when it has none
 */
public record JobRequest(TaskSpec spec, WindowPlan plan, boolean alreadyTrained, List<Example> window,
                         ChampionEvent champion) {

    public JobRequest {
        window = List.copyOf(window);
    }
}
