package io.lorastream.evaluator.store;

import static io.lorastream.evaluator.store.StoreFailures.transientOnFailure;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lorastream.evaluator.config.EvaluatorConfig;
import io.lorastream.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jboss.logging.Logger;

/**
 * Checkpoints of the evaluation sets in the object store, one gzip-compressed JSON object per holdout partition
 * ({@code evaluator/holdout-sets/partition-<n>.json.gz}). Every evaluator replica builds the same sets from the
 * same records, so any replica's latest checkpoint is a valid starting point for all.
 */
@ApplicationScoped
public class SetCheckpointStore {

    private static final Logger LOG = Logger.getLogger(SetCheckpointStore.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ObjectStore objects;
    private final String prefix;

    public SetCheckpointStore(ObjectStore objects, EvaluatorConfig config) {
        this.objects = objects;
        this.prefix = config.sets().checkpointPrefix();
    }

    public String key(int partition) {
        return prefix + "partition-" + partition + ".json.gz";
    }

    /**
     * The partition's checkpoint; empty when there is none or it is unreadable (then the partition is read from
     * its beginning, which rebuilds the same sets).
     *
     * @throws io.lorastream.evaluator.domain.TransientException when the store cannot be reached
     */
    public Optional<SetCheckpoint> read(int partition) {
        String key = key(partition);
        Optional<byte[]> bytes = transientOnFailure("read " + key, () -> objects.find(key));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes.get()))) {
            SetCheckpoint checkpoint = JSON.readValue(in, SetCheckpoint.class);
            if (checkpoint.format() != SetCheckpoint.FORMAT || checkpoint.partition() != partition
                    || checkpoint.tasks() == null) {
                LOG.warnf("ignoring checkpoint %s: format %d, partition %d", key, checkpoint.format(), checkpoint.partition());
                return Optional.empty();
            }
            return Optional.of(checkpoint);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring unreadable checkpoint %s (%s); the partition is read from its beginning", key, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Writes a partition's checkpoint.
     *
     * @return the compressed size in bytes
     * @throws io.lorastream.evaluator.domain.TransientException when the store cannot be reached
     */
    public long write(SetCheckpoint checkpoint) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buffer)) {
            JSON.writeValue(out, checkpoint);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the checkpoint of partition " + checkpoint.partition(), e);
        }
        byte[] bytes = buffer.toByteArray();
        String key = key(checkpoint.partition());
        transientOnFailure("write " + key, () -> objects.put(key, bytes, "application/gzip"));
        return bytes.length;
    }
}
