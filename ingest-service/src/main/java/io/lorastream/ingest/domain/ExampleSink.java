package io.lorastream.ingest.domain;

import io.lorastream.contracts.Example;
import java.util.concurrent.CompletableFuture;

/** Where accepted examples go: the future completes when the broker has acknowledged the write. */
public interface ExampleSink {

    /** Writes {@code example} to the holdout topic when {@code holdout}, else to the train topic. */
    CompletableFuture<Void> write(Example example, boolean holdout);
}
