package io.lorastream.ingest.kafka;

import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.ingest.domain.DedupIndex;
import io.lorastream.ingest.domain.ExamplePreparer;
import io.lorastream.ingest.metrics.IngestMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Starts the service's Kafka readers in order, off the start-up thread so the HTTP server comes up
 * at once: first the task catalog, then the dedup restore, then the feedback consumer. Until both
 * the catalog and the dedup memory are complete the service is not ready and refuses examples,
 * because accepting one earlier could let a duplicate through or reject a known task.
 */
@ApplicationScoped
public class IngestLifecycle {

    private static final Logger LOG = Logger.getLogger(IngestLifecycle.class);

    private final IngestConfig config;
    private final KafkaClientSettings settings;
    private final TaskSpecs catalog;
    private final DedupIndex dedup;
    private final ExamplePreparer preparer;
    private final KafkaExampleWriter writer;
    private final IngestMetrics metrics;
    private volatile FeedbackConsumer feedbackConsumer;
    private volatile boolean dedupRestored;
    private volatile String startupProblem = "starting";
    /** Set while the dedup memory is read back after a failed write; guarded by {@code this} with the three below. */
    private volatile String writeProblem;
    /** Failed writes whose claims have been given back; a re-read is current once it began after the last one. */
    private long failedWrites;
    /** Failed writes whose claims are being given back right now: no re-read may begin before they are. */
    private int releasing;
    private boolean rereading;

    public IngestLifecycle(IngestConfig config, KafkaClientSettings settings, TaskSpecs catalog, DedupIndex dedup,
                           ExamplePreparer preparer, KafkaExampleWriter writer, IngestMetrics metrics) {
        this.config = config;
        this.settings = settings;
        this.catalog = catalog;
        this.dedup = dedup;
        this.preparer = preparer;
        this.writer = writer;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        startDaemon("ingest-task-specs", catalog.follower());
        startDaemon("ingest-startup", this::restoreThenConsume);
    }

    private void restoreThenConsume() {
        try {
            startupProblem = "loading task specs from Kafka";
            while (!catalog.follower().awaitCaughtUp(Duration.ofSeconds(5))) {
                LOG.info("waiting for the task catalog to load from Kafka");
            }
            startupProblem = "restoring the dedup memory from Kafka";
            restoreDedupWithRetry();
            dedupRestored = true;
            startupProblem = null;
            if (config.feedback().enabled()) {
                feedbackConsumer = new FeedbackConsumer(
                        settings.groupConsumer(config.feedback().groupId(), config.feedback().maxPollRecords()),
                        catalog, preparer, writer, writer, metrics, metrics.feedbackLag(), settings.ackWaitMillis(),
                        this::rereadDedupAfterFailedWrite, this::isReady, metrics::feedbackCommitFailed);
                startDaemon("ingest-feedback", feedbackConsumer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void restoreDedupWithRetry() throws InterruptedException {
        while (true) {
            try {
                new DedupRestorer(settings.reader("lorastream-ingest-dedup-restore"), dedup,
                        config.dedup().restoreRecordsPerPartition()).restore();
                return;
            } catch (RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                // The root cause too: "Failed to construct kafka consumer" alone says nothing of why.
                LOG.warnf("dedup restore failed (%s%s); retrying", e.getMessage(),
                        root == e ? "" : ", caused by " + root);
                Thread.sleep(2000);
            }
        }
    }

    /**
     * A write failed, and its rows may be in the log all the same (a produce request the broker appended
     * but could not answer). Their claims must be given back so that the client's retry is not
     * taken for a duplicate; for the rows that did land, the retry must be one. So the service refuses
     * examples (503) until it has read the topics' tails again, which re-claims exactly those rows;
     * a failure during the re-read makes it read once more.
     *
     * <p>The claims are given back here ({@code giveBackClaims}, by both the HTTP path and the feedback
     * consumer): after the service stops taking rows and before the re-read begins. Given back after the
     * re-read had re-claimed a row that landed, a claim would be lost again and the retry would write the
     * row twice.
     */
    public void rereadDedupAfterFailedWrite(Runnable giveBackClaims) {
        synchronized (this) {
            releasing++;
            writeProblem = "re-reading the dedup memory from Kafka after a failed write";
        }
        boolean start;
        try {
            giveBackClaims.run();
        } finally {
            synchronized (this) {
                releasing--;
                failedWrites++;
                notifyAll();
                start = !rereading;
                rereading = true;
            }
        }
        if (start) {
            startDaemon("ingest-dedup-reread", this::rereadUntilCurrent);
        }
    }

    private void rereadUntilCurrent() {
        try {
            while (true) {
                long seen;
                synchronized (this) {
                    while (releasing > 0) {
                        wait();
                    }
                    seen = failedWrites;
                }
                restoreDedupWithRetry();
                synchronized (this) {
                    if (failedWrites == seen && releasing == 0) {
                        writeProblem = null;
                        rereading = false;
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void startDaemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        // Kafka clients load their (de)serializers through the context class loader, and a thread inherits
        // its starter's: a pool thread that tells of a failed write may carry one that cannot see them.
        thread.setContextClassLoader(IngestLifecycle.class.getClassLoader());
        thread.start();
    }

    /** Null when ready; otherwise what the service is still doing. */
    public String notReadyReason() {
        return startupProblem != null ? startupProblem : writeProblem;
    }

    public boolean isReady() {
        return startupProblem == null && dedupRestored && writeProblem == null;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (feedbackConsumer != null) {
            feedbackConsumer.stop();
        }
        catalog.follower().stop();
    }
}
