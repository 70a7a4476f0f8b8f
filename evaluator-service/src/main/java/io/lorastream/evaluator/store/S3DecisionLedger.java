package io.lorastream.evaluator.store;

import static io.lorastream.evaluator.store.StoreFailures.transientOnFailure;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ContractViolationException;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.evaluator.domain.DecisionLedger;
import io.lorastream.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decisions as {@code candidates/<task>/<version>/evaluation.json}, the published {@code DecisionEvent}'s exact
 * JSON. Written with a conditional PUT ({@code If-None-Match: *}), so of two evaluators racing on one candidate
 * (a rebalance) the first decision stays and both publish it.
 */
@ApplicationScoped
public class S3DecisionLedger implements DecisionLedger {

    /** The file name beside the candidate's files. */
    public static final String FILE = "evaluation.json";

    private static final Logger LOG = Logger.getLogger(S3DecisionLedger.class);

    private final ObjectStore objects;

    public S3DecisionLedger(ObjectStore objects) {
        this.objects = objects;
    }

    /** The key of a candidate's decision. */
    public static String key(String task, String version) {
        return ObjectLayout.candidatePrefix(task, version) + FILE;
    }

    @Override
    public Optional<DecisionEvent> find(String task, String version) {
        String key = key(task, version);
        return transientOnFailure("read " + key, () -> objects.find(key)).flatMap(bytes -> parse(key, bytes));
    }

    @Override
    public DecisionEvent recordIfAbsent(DecisionEvent decision) {
        String key = key(decision.task(), decision.candidateVersion());
        byte[] json = ContractJson.toBytes(decision);
        boolean written = transientOnFailure("write " + key, () -> objects.putIfAbsent(key, json, "application/json"));
        if (written) {
            return decision;
        }
        Optional<DecisionEvent> existing = transientOnFailure("read " + key, () -> objects.find(key))
                .flatMap(bytes -> parse(key, bytes));
        if (existing.isPresent()) {
            return existing.get();
        }
        LOG.warnf("%s was unreadable; replacing it with the new decision", key);
        transientOnFailure("write " + key, () -> objects.put(key, json, "application/json"));
        return decision;
    }

    private static Optional<DecisionEvent> parse(String key, byte[] bytes) {
        try {
            return Optional.of(ContractJson.fromBytes(bytes, DecisionEvent.class));
        } catch (ContractViolationException e) {
            LOG.warnf("ignoring unreadable %s: %s", key, e.getMessage());
            return Optional.empty();
        }
    }
}
