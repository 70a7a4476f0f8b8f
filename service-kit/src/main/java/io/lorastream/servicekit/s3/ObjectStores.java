package io.lorastream.servicekit.s3;

import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;

/** Connects a service's {@link ObjectStore} from its {@link S3Connection} settings. */
public final class ObjectStores {

    private ObjectStores() {
    }

    /** The object store of {@code s3}'s bucket; connecting does not call the server yet. */
    public static ObjectStore connect(S3Connection s3) {
        return ObjectStore.connect(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.bucket(), s3.region()),
                s3.connectTimeout());
    }
}
