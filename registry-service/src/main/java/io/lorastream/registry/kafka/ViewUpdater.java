package io.lorastream.registry.kafka;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.registry.domain.ChampionBoard;
import io.lorastream.registry.domain.TaskCatalog;
import io.lorastream.registry.domain.VersionCatalog;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Turns records of the four topics the registry follows into its view: task specs, candidates,
 * decisions and champions. A record that breaks its contract, or whose key is not its task, is
 * logged and counted, never applied.
 */
public final class ViewUpdater {

    private static final Logger LOG = Logger.getLogger(ViewUpdater.class);

    private final TaskCatalog tasks;
    private final VersionCatalog versions;
    private final ChampionBoard champions;
    private final Consumer<String> invalidRecord;

    /** @param invalidRecord told the topic of every record that was skipped as invalid */
    public ViewUpdater(TaskCatalog tasks, VersionCatalog versions, ChampionBoard champions, Consumer<String> invalidRecord) {
        this.tasks = tasks;
        this.versions = versions;
        this.champions = champions;
        this.invalidRecord = invalidRecord;
    }

    /** The handler of each followed topic, for {@link StateFollower}. */
    public Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers() {
        return Map.of(
                Topics.TASKS, record -> apply(record, TaskSpec.class, TaskSpec::task, tasks::put, tasks::remove),
                Topics.ADAPTERS_CANDIDATES, record -> apply(record, CandidateEvent.class, CandidateEvent::task,
                        versions::putCandidate, key -> { }),
                Topics.ADAPTERS_DECISIONS, record -> apply(record, DecisionEvent.class, DecisionEvent::task,
                        versions::putDecision, key -> { }),
                Topics.ADAPTERS_CHAMPIONS, record -> apply(record, ChampionEvent.class, ChampionEvent::task,
                        champions::apply, champions::remove));
    }

    private <T> void apply(ConsumerRecord<String, byte[]> record, Class<T> type, Function<T, String> taskOf,
                           Consumer<T> put, Consumer<String> tombstone) {
        if (record.value() == null) {
            if (record.key() != null) {
                tombstone.accept(record.key());
            }
            return;
        }
        try {
            T value = ContractJson.fromBytes(record.value(), type);
            String task = taskOf.apply(value);
            if (record.key() != null && !record.key().equals(task)) {
                skip(record, "key '" + record.key() + "' differs from task '" + task + "'");
                return;
            }
            put.accept(value);
        } catch (IllegalArgumentException e) {
            skip(record, e.getMessage());
        }
    }

    private void skip(ConsumerRecord<String, byte[]> record, String why) {
        LOG.warnf("ignoring %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), why);
        invalidRecord.accept(record.topic());
    }
}
