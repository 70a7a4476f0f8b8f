package io.lorastream.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A contiguous range of Kafka offsets on one partition, both ends inclusive: exactly which
 * records a candidate was trained on.
 *
 * @param topic topic name
 * @param partition partition number
 * @param fromOffset first offset, inclusive
 * @param toOffset last offset, inclusive
 */
public record OffsetRange(String topic, int partition, long fromOffset, long toOffset) {

    public OffsetRange {
        Require.notBlank(topic, "offsetRange.topic");
        Require.atLeast(partition, 0, "offsetRange.partition");
        Require.atLeast(fromOffset, 0L, "offsetRange.fromOffset");
        if (toOffset < fromOffset) {
            throw new IllegalArgumentException("offsetRange.toOffset must be >= fromOffset (" + toOffset + " < " + fromOffset + ")");
        }
    }

    @JsonCreator
    static OffsetRange fromJson(@JsonProperty(value = "topic", required = true) String topic,
                                @JsonProperty(value = "partition", required = true) Integer partition,
                                @JsonProperty(value = "fromOffset", required = true) Long fromOffset,
                                @JsonProperty(value = "toOffset", required = true) Long toOffset) {
        return new OffsetRange(topic, Require.present(partition, "offsetRange.partition"),
                Require.present(fromOffset, "offsetRange.fromOffset"), Require.present(toOffset, "offsetRange.toOffset"));
    }
}
