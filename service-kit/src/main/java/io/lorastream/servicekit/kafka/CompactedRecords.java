package io.lorastream.servicekit.kafka;

import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The rules of a compacted topic, as a {@link TopicFollower} handler: the latest value per key wins,
 * a tombstone (null value) removes its key, and a keyless record (which compaction cannot even keep)
 * is logged and ignored.
 */
public final class CompactedRecords implements Consumer<ConsumerRecord<String, byte[]>> {

    private static final Logger LOG = Logger.getLogger(CompactedRecords.class);

    /** Receives what the topic says about each key. */
    public interface Sink {
        /** The record carries the latest value of its (non-null) key. */
        void put(ConsumerRecord<String, byte[]> record);

        /** The key was deleted. */
        void remove(String key);
    }

    private final Sink sink;

    public CompactedRecords(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void accept(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warnf("ignoring keyless record at %s-%d@%d", record.topic(), record.partition(), record.offset());
        } else if (record.value() == null) {
            sink.remove(record.key());
        } else {
            sink.put(record);
        }
    }
}
