package io.lorastream.evaluator.store;

import io.lorastream.evaluator.config.EvaluatorConfig;
import io.lorastream.servicekit.s3.ObjectStores;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ModelCache;
import io.lorastream.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The object-store clients of the service, built once from {@link EvaluatorConfig}. */
@ApplicationScoped
public class StoreClients {

    @Produces
    @Singleton
    ObjectStore objectStore(EvaluatorConfig config) {
        return ObjectStores.connect(config.s3());
    }

    @Produces
    @Singleton
    AdapterStore adapterStore(ObjectStore objects) {
        return new AdapterStore(objects);
    }

    @Produces
    @Singleton
    ModelCache modelCache(AdapterStore store, EvaluatorConfig config) {
        return new ModelCache(store, config.workDir().resolve("models"), config.inference().localModelsDir());
    }
}
