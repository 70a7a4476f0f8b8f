package io.lorastream.trainer;

import io.lorastream.trainer.TrainerCore.Champions;
import io.lorastream.trainer.TrainerCore.ResolvedDevice;
import io.lorastream.trainer.TrainerCore.TaskSpecs;
import io.lorastream.trainer.kafka.TrainingStreamConsumer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Starts the trainer's Kafka readers off the start-up thread: the task catalog and the champions
 * first, then, once both are loaded, the examples consumer (a job must know its task's spec and
 * champion). Stops them on shutdown; an unfinished window is finished after the next start.
 */
@ApplicationScoped
public class TrainerLifecycle {

    private static final Logger LOG = Logger.getLogger(TrainerLifecycle.class);

    private final TaskSpecs tasks;
    private final Champions champions;
    private final TrainingStreamConsumer consumer;
    private final ResolvedDevice device;
    private volatile String startupProblem = "starting";

    public TrainerLifecycle(TaskSpecs tasks, Champions champions, TrainingStreamConsumer consumer, ResolvedDevice device) {
        this.tasks = tasks;
        this.champions = champions;
        this.consumer = consumer;
        this.device = device;
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("training on %s", device.name());
        startDaemon("trainer-task-specs", tasks.follower());
        startDaemon("trainer-champions", champions.follower());
        startDaemon("trainer-startup", this::awaitCatalogsThenConsume);
    }

    private void awaitCatalogsThenConsume() {
        try {
            startupProblem = "loading task specs and champions from Kafka";
            while (!tasks.follower().awaitCaughtUp(Duration.ofSeconds(5))
                    || !champions.follower().awaitCaughtUp(Duration.ofSeconds(5))) {
                LOG.info("waiting for the task catalog and the champions to load from Kafka");
            }
            startupProblem = null;
            startDaemon("trainer-examples", consumer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why the trainer is not consuming yet, or null once it is. */
    public String startupProblem() {
        return startupProblem;
    }

    void onStop(@Observes ShutdownEvent event) {
        consumer.stop();
        tasks.follower().stop();
        champions.follower().stop();
    }

    private static void startDaemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
