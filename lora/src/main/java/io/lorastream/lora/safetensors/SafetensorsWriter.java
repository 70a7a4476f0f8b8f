package io.lorastream.lora.safetensors;

import ai.djl.ndarray.NDArray;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects float tensors and writes them as one safetensors file, with optional {@code __metadata__}.
 *
 * <p>Tensors are stored as F32, F16 or BF16 (rounded to nearest even) in name order, so the same
 * content always gives the same bytes. The header is padded with spaces to a multiple of 8 bytes, as the
 * reference implementation does. The file appears atomically: it is written next to the target and moved.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK_ELEMENTS = 1 << 18;

    private record Entry(SafetensorsDtype dtype, long[] shape, float[] values) {}

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Entry> tensors = new TreeMap<>();

    /** Adds a {@code __metadata__} entry (e.g. {@code format = pt}, which PyTorch loaders expect). */
    public SafetensorsWriter putMetadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a float32 tensor; {@code values} is row-major and kept by reference until {@link #write}. */
    public SafetensorsWriter add(String name, long[] shape, float[] values) {
        return add(name, SafetensorsDtype.F32, shape, values);
    }

    /**
     * Adds a tensor to be stored as {@code dtype} (F32, F16 or BF16).
     *
     * @throws IllegalArgumentException naming the tensor on a duplicate name, an unsupported dtype or a
     *     value count that does not match the shape
     */
    public SafetensorsWriter add(String name, SafetensorsDtype dtype, long[] shape, float[] values) {
        if (name.equals("__metadata__")) {
            throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
        }
        if (dtype != SafetensorsDtype.F32 && dtype != SafetensorsDtype.F16 && dtype != SafetensorsDtype.BF16) {
            throw new IllegalArgumentException("tensor '" + name + "': cannot write dtype " + dtype);
        }
        long count = TensorInfo.elementCount(shape);
        if (count != values.length) {
            throw new IllegalArgumentException(
                    "tensor '" + name + "': shape " + Arrays.toString(shape) + " needs " + count + " values, got " + values.length);
        }
        if (tensors.putIfAbsent(name, new Entry(dtype, shape.clone(), values)) != null) {
            throw new IllegalArgumentException("tensor '" + name + "' added twice");
        }
        return this;
    }

    /** Adds a host tensor as float32. */
    public SafetensorsWriter add(String name, FloatTensor tensor) {
        return add(name, tensor.shape(), tensor.values());
    }

    /** Adds a copy of an NDArray's values as float32. */
    public SafetensorsWriter add(String name, NDArray array) {
        return add(name, array.getShape().getShape(), array.toFloatArray());
    }

    /** Writes the file, replacing any existing one. */
    public void write(Path file) throws IOException {
        byte[] header = header();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer size = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                writeFully(out, size.flip());
                writeFully(out, ByteBuffer.wrap(header));
                ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_ELEMENTS * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (Entry entry : tensors.values()) {
                    writeValues(out, entry, chunk);
                }
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private byte[] header() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            Entry entry = e.getValue();
            long bytes = (long) entry.values().length * entry.dtype().byteSize();
            ObjectNode node = root.putObject(e.getKey());
            node.put("dtype", entry.dtype().name());
            ArrayNode shape = node.putArray("shape");
            for (long d : entry.shape()) {
                shape.add(d);
            }
            node.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void writeValues(FileChannel out, Entry entry, ByteBuffer chunk) throws IOException {
        float[] values = entry.values();
        for (int start = 0; start < values.length; start += CHUNK_ELEMENTS) {
            int n = Math.min(CHUNK_ELEMENTS, values.length - start);
            chunk.clear();
            switch (entry.dtype()) {
                case F32 -> {
                    chunk.asFloatBuffer().put(values, start, n);
                    chunk.position(n * 4);
                }
                case F16 -> {
                    for (int i = 0; i < n; i++) {
                        chunk.putShort(HalfPrecision.floatToF16(values[start + i]));
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < n; i++) {
                        chunk.putShort(HalfPrecision.floatToBf16(values[start + i]));
                    }
                }
                default -> throw new IllegalStateException("unsupported dtype " + entry.dtype());
            }
            writeFully(out, chunk.flip());
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
