package io.lorastream.evaluator.kafka;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.evaluator.domain.EvalItem;
import io.lorastream.evaluator.domain.EvaluationInputs;
import io.lorastream.evaluator.domain.EvaluationSets;
import io.lorastream.evaluator.domain.EvaluationSnapshot;
import io.lorastream.evaluator.domain.StoppedException;
import io.lorastream.evaluator.store.S3GoldenSets;
import io.lorastream.servicekit.kafka.CompactedTopicFollower;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/** The evaluation's inputs as the running service has them: followed topics, held-out sets, golden sets in S3. */
final class LiveInputs implements EvaluationInputs {

    private static final Logger LOG = Logger.getLogger(LiveInputs.class);

    private final CompactedTopicFollower<TaskSpec> catalog;
    private final CompactedTopicFollower<ChampionEvent> champions;
    private final EvaluationSets sets;
    private final HoldoutFollower holdout;
    private final S3GoldenSets golden;
    private final Duration catchUpTimeout;

    LiveInputs(CompactedTopicFollower<TaskSpec> catalog, CompactedTopicFollower<ChampionEvent> champions, EvaluationSets sets,
               HoldoutFollower holdout, S3GoldenSets golden, Duration catchUpTimeout) {
        this.catalog = catalog;
        this.champions = champions;
        this.sets = sets;
        this.holdout = holdout;
        this.golden = golden;
        this.catchUpTimeout = catchUpTimeout;
    }

    @Override
    public Optional<TaskSpec> taskSpec(String task) {
        return catalog.find(task);
    }

    @Override
    public Optional<ChampionEvent> champion(String task) {
        return champions.find(task);
    }

    @Override
    public EvaluationSnapshot heldOut(String task) {
        try {
            holdout.catchUp().get(catchUpTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("%s: the held-out follower did not catch up within %s; evaluating on what it has read", task,
                    catchUpTimeout);
        } catch (ExecutionException e) {
            throw new StoppedException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoppedException();
        }
        return sets.snapshot(task);
    }

    @Override
    public Optional<List<EvalItem>> goldenSet(String task) {
        return golden.load(task);
    }
}
