package io.lorastream.trainer.domain;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.model.LoraSettings;
import io.lorastream.lora.train.CancellationToken;
import io.lorastream.trainer.store.ChampionAdapters;
import org.jboss.logging.Logger;

/**
 * Decides what a job starts from: the task's champion when it can continue training under the
 * current spec (same base model, labels and LoRA shape), else a fresh adapter, with the reason.
 */
final class WarmStarts {

    private static final Logger LOG = Logger.getLogger(WarmStarts.class);

    /** What a job starts from; {@code adapter} is null for a fresh one, {@code note} says why when there was a champion. */
    record WarmStart(String version, AdapterState adapter, String note) {
        static final WarmStart FRESH = new WarmStart(null, null, null);
    }

    private final ChampionAdapters champions;
    private final Retrier retrier;

    WarmStarts(ChampionAdapters champions, Retrier retrier) {
        this.champions = champions;
        this.retrier = retrier;
    }

    WarmStart resolve(ChampionEvent champion, TaskSpec spec, CancellationToken cancellation) {
        if (champion == null) {
            return WarmStart.FRESH;
        }
        if (!champion.baseModel().equals(spec.baseModel())) {
            return fresh(champion, "the champion was trained on base model " + champion.baseModel()
                    + ", the task now uses " + spec.baseModel());
        }
        AdapterState state = retrier.call("fetch champion " + champion.version(), () -> champions.load(champion),
                cancellation).state();
        if (!state.labels().equals(spec.labels())) {
            return fresh(champion, "the champion's labels " + state.labels() + " differ from the task's " + spec.labels());
        }
        LoraSettings wanted = TrainerRecipe.loraSettings(spec);
        if (!state.settings().isCompatibleWith(wanted)) {
            return fresh(champion, "the champion's LoRA settings (r=" + state.settings().r() + ", targets "
                    + state.settings().targetModules() + ") differ from the task's (r=" + wanted.r() + ", targets "
                    + wanted.targetModules() + ")");
        }
        return new WarmStart(champion.version(), state, null);
    }

    private static WarmStart fresh(ChampionEvent champion, String note) {
        LOG.infof("task %s: no warm start from champion %s: %s", champion.task(), champion.version(), note);
        return new WarmStart(null, null, note);
    }
}
