package io.lorastream.trainer.domain;

import io.lorastream.lora.train.TrainingListener;
import io.lorastream.lora.train.TrainingProgress;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/** Turns the trainer's per-step progress into the job's, and logs it every tenth of the run or half minute. */
final class ProgressRelay implements TrainingListener {

    private static final Logger LOG = Logger.getLogger(ProgressRelay.class);
    private static final long LOG_EVERY_NANOS = 30_000_000_000L;

    private final String job;
    private final Consumer<JobProgress> progress;
    private int loggedTenths;
    private long lastLogNanos = System.nanoTime();

    ProgressRelay(String job, Consumer<JobProgress> progress) {
        this.job = job;
        this.progress = progress;
    }

    @Override
    public void onStep(TrainingProgress p) {
        progress.accept(new JobProgress("training", p.step(), p.totalSteps(), p.loss(), p.examplesPerSecond(), p.eta()));
        int tenths = p.totalSteps() == 0 ? 10 : p.step() * 10 / p.totalSteps();
        if (tenths > loggedTenths || System.nanoTime() - lastLogNanos > LOG_EVERY_NANOS) {
            loggedTenths = tenths;
            lastLogNanos = System.nanoTime();
            LOG.infof("job %s: step %d/%d, loss %.4f, %.1f examples/s, %d s to go", job, p.step(), p.totalSteps(),
                    p.loss(), p.examplesPerSecond(), p.eta().toSeconds());
        }
    }
}
