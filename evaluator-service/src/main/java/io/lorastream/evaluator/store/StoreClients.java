package io.lorastream.evaluator.store;

import io.lorastream.evaluator.config.EvaluatorConfig;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ModelCache;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The object-store clients of the service, built once from {@link EvaluatorConfig}. */
@ApplicationScoped
public class StoreClients {

    @Produces
    @Singleton
    ObjectStore objectStore(EvaluatorConfig config) {
        EvaluatorConfig.S3 s3 = config.s3();
        return ObjectStore.connect(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.bucket(), s3.region()),
                s3.connectTimeout());
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
