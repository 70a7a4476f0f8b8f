package io.lorastream.evaluator.domain;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.TaskSpec;
import java.util.Optional;

/** Where the gate's models come from: the object store and a cache of loaded models. */
public interface ModelSource {

    /**
     * Fetches and loads a candidate on its base model. The caller hands it back with {@link #release}.
     *
     * @throws CandidateRejectedException when the candidate's files are missing, corrupt or do not load
     * @throws TransientException when the store cannot be reached: try again later
     */
    Classifier loadCandidate(CandidateEvent candidate);

    /**
     * The model a candidate is compared with: the champion when there is one, else the task's base model
     * with an untrained head. Cached; never closed by the caller.
     *
     * @throws ReferenceUnavailableException when the champion's files are missing, corrupt or do not load
     * @throws TransientException when the store cannot be reached
     */
    Classifier reference(TaskSpec spec, Optional<ChampionEvent> champion);

    /**
     * Hex SHA-256 of the base model's weights as stored.
     *
     * @throws CandidateRejectedException ({@link Checks#BASE_MODEL}) when the store has no such model
     * @throws TransientException when the store cannot be reached
     */
    String baseModelSha256(String baseModel);

    /** Done with a candidate; an approved one may be kept loaded, as it is likely the next champion. */
    void release(CandidateEvent candidate, Classifier loaded, boolean approved);
}
