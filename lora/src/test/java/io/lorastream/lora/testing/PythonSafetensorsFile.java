package io.lorastream.lora.testing;

import io.lorastream.lora.safetensors.FloatTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes a safetensors file byte for byte the way Hugging Face's Python {@code safetensors}
 * ({@code save_file}, as {@code PeftModel.save_pretrained} calls it) lays one out, without using
 * any of our own safetensors code: {@code __metadata__ {"format":"pt"}} first, tensors in name
 * order with contiguous offsets, compact JSON, the header padded with spaces to a multiple of 8.
 */
public final class PythonSafetensorsFile {

    /** The dtypes written here. */
    public enum Dtype {
        F32(4), BF16(2);

        final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }
    }

    private PythonSafetensorsFile() {
    }

    /**
     * Writes {@code tensors} as {@code dtype}. For BF16 the values must be exactly representable
     * (their low 16 bits zero), since PyTorch rounds where this would truncate.
     */
    public static void write(Path file, Map<String, FloatTensor> tensors, Dtype dtype) throws IOException {
        Map<String, FloatTensor> sorted = new TreeMap<>(tensors);
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        for (Map.Entry<String, FloatTensor> entry : sorted.entrySet()) {
            long size = (long) entry.getValue().values().length * dtype.bytes;
            header.append(",\"").append(entry.getKey()).append("\":{\"dtype\":\"").append(dtype.name())
                    .append("\",\"shape\":[")
                    .append(Arrays.stream(entry.getValue().shape()).mapToObj(Long::toString).collect(Collectors.joining(",")))
                    .append("],\"data_offsets\":[").append(offset).append(',').append(offset + size).append("]}");
            offset += size;
        }
        header.append('}');
        while ((header.length() % 8) != 0) {
            header.append(' ');
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        for (FloatTensor tensor : sorted.values()) {
            for (float value : tensor.values()) {
                int bits = Float.floatToRawIntBits(value);
                if (dtype == Dtype.F32) {
                    out.putInt(bits);
                } else {
                    if ((bits & 0xFFFF) != 0) {
                        throw new IllegalArgumentException(value + " is not exactly representable in BF16");
                    }
                    out.putShort((short) (bits >>> 16));
                }
            }
        }
        Files.write(file, out.array());
    }
}
