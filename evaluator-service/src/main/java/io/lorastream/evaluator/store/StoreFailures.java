package io.lorastream.evaluator.store;

import io.lorastream.evaluator.domain.TransientException;
import io.lorastream.store.ObjectStoreException;
import java.util.function.Supplier;

/**
 * Store errors that are nobody's fault but the store's (unreachable, overloaded, refusing our credentials) become
 * {@link TransientException}s: the step is retried and the health check shows S3 down, and no candidate is
 * rejected because the evaluator could not reach S3.
 */
final class StoreFailures {

    private StoreFailures() {
    }

    static <T> T transientOnFailure(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ObjectStoreException e) {
            throw new TransientException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
