package io.lorastream.lora.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a safetensors file tensor by tensor with positional reads, so files above 2 GiB work and only the
 * tensors asked for are loaded.
 *
 * <p>The header is validated completely on {@link #open}: size limit, JSON shape, known dtypes, and that
 * every tensor's byte range matches its shape and the ranges tile the data section exactly (no gaps, no
 * overlaps, nothing past the end). F32, F16, BF16 and F64 tensors are returned as float32; BF16 is widened
 * here (bits &lt;&lt; 16) and never becomes a DJL BF16 array, which would abort the JVM.
 *
 * <p>Not thread-safe for {@link #close}; concurrent reads are fine (positional reads share no cursor).
 */
public final class SafetensorsReader implements AutoCloseable {

    /** The limit the reference implementation uses; real headers are kilobytes. */
    public static final long DEFAULT_MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** Data is converted through a buffer of this size, so no tensor needs a byte array of its own size. */
    private static final int CHUNK_BYTES = 1 << 20;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsReader(
            Path file, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens and validates a file with the default header size limit. */
    public static SafetensorsReader open(Path file) throws IOException {
        return open(file, DEFAULT_MAX_HEADER_BYTES);
    }

    /**
     * Opens and validates a file.
     *
     * @throws SafetensorsFormatException if the file is not a valid safetensors file
     */
    public static SafetensorsReader open(Path file, long maxHeaderBytes) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new SafetensorsFormatException(file + ": " + fileSize + " bytes, too short for a safetensors header");
            }
            ByteBuffer sizeBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, sizeBytes, 0, file);
            long headerSize = sizeBytes.flip().getLong();
            if (headerSize < 2 || headerSize > maxHeaderBytes) {
                throw new SafetensorsFormatException(
                        file + ": header size " + Long.toUnsignedString(headerSize) + " outside [2, " + maxHeaderBytes + "]");
            }
            if (8 + headerSize > fileSize) {
                throw new SafetensorsFormatException(
                        file + ": header of " + headerSize + " bytes runs past the end of the " + fileSize + "-byte file");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerSize);
            readFully(channel, headerBytes, 8, file);
            long dataStart = 8 + headerSize;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorInfo> tensors = parseHeader(file, headerBytes.array(), metadata);
            validateLayout(file, tensors, fileSize - dataStart);
            return new SafetensorsReader(
                    file, channel, dataStart, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The file this reader reads. */
    public Path file() {
        return file;
    }

    /** The {@code __metadata__} entries, empty if the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensor names in header order. */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** Whether the file has a tensor of that name. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The header entry of a tensor.
     *
     * @throws SafetensorsFormatException naming the tensor if it is missing
     */
    public TensorInfo info(String name) throws SafetensorsFormatException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new SafetensorsFormatException(name, "missing from " + file);
        }
        return info;
    }

    /** Reads a tensor as float32 values in row-major order. */
    public float[] readFloats(String name) throws IOException {
        TensorInfo info = info(name);
        if (!info.dtype().isReadableAsFloat()) {
            throw new SafetensorsFormatException(name, "dtype " + info.dtype() + " cannot be read as float32");
        }
        long count = info.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new SafetensorsFormatException(name, count + " elements do not fit one Java array");
        }
        float[] values = new float[(int) count];
        int elementBytes = info.dtype().byteSize();
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long position = dataStart + info.begin();
        int done = 0;
        while (done < values.length) {
            int n = Math.min(values.length - done, CHUNK_BYTES / elementBytes);
            chunk.clear().limit(n * elementBytes);
            readFully(channel, chunk, position, file);
            chunk.flip();
            decode(info.dtype(), chunk, values, done, n);
            position += (long) n * elementBytes;
            done += n;
        }
        return values;
    }

    /**
     * Reads a tensor as float32 values, first checking it has exactly the expected shape.
     *
     * @throws SafetensorsFormatException naming the tensor if it is missing or its shape differs
     */
    public float[] readFloats(String name, long... expectedShape) throws IOException {
        requireShape(name, expectedShape);
        return readFloats(name);
    }

    /** Reads a tensor with its shape, as float32. */
    public FloatTensor read(String name) throws IOException {
        return new FloatTensor(info(name).shape(), readFloats(name));
    }

    /** Reads a tensor into a new float32 array of {@code manager} (and so on its device). */
    public NDArray readArray(NDManager manager, String name) throws IOException {
        TensorInfo info = info(name);
        return manager.create(readFloats(name), new Shape(info.shape()));
    }

    /** Like {@link #readArray(NDManager, String)}, checking the shape first. */
    public NDArray readArray(NDManager manager, String name, Shape expectedShape) throws IOException {
        requireShape(name, expectedShape.getShape());
        return readArray(manager, name);
    }

    /**
     * Checks a tensor's shape.
     *
     * @throws SafetensorsFormatException naming the tensor if it is missing or its shape differs
     */
    public void requireShape(String name, long... expectedShape) throws SafetensorsFormatException {
        long[] actual = info(name).shape();
        if (!Arrays.equals(actual, expectedShape)) {
            throw new SafetensorsFormatException(
                    name, "shape " + Arrays.toString(actual) + " in " + file + ", expected " + Arrays.toString(expectedShape));
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void decode(SafetensorsDtype dtype, ByteBuffer bytes, float[] out, int offset, int count) {
        switch (dtype) {
            case F32 -> bytes.asFloatBuffer().get(out, offset, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = HalfPrecision.f16ToFloat(bytes.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = HalfPrecision.bf16ToFloat(bytes.getShort());
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = (float) bytes.getDouble();
                }
            }
            default -> throw new IllegalStateException("not a float dtype: " + dtype);
        }
    }

    private static Map<String, TensorInfo> parseHeader(Path file, byte[] header, Map<String, String> metadataOut)
            throws SafetensorsFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException(file + ": header is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SafetensorsFormatException(file + ": header unreadable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsFormatException(file + ": header is not a JSON object");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("__metadata__")) {
                parseMetadata(file, field.getValue(), metadataOut);
            } else {
                tensors.put(name, parseEntry(name, field.getValue()));
            }
        }
        return tensors;
    }

    private static void parseMetadata(Path file, JsonNode node, Map<String, String> out) throws SafetensorsFormatException {
        if (!node.isObject()) {
            throw new SafetensorsFormatException(file + ": __metadata__ is not a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!entry.getValue().isTextual()) {
                throw new SafetensorsFormatException(file + ": __metadata__ value of '" + entry.getKey() + "' is not a string");
            }
            out.put(entry.getKey(), entry.getValue().asText());
        }
    }

    private static TensorInfo parseEntry(String name, JsonNode entry) throws SafetensorsFormatException {
        if (!entry.isObject()) {
            throw new SafetensorsFormatException(name, "header entry is not a JSON object");
        }
        JsonNode dtypeNode = entry.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new SafetensorsFormatException(name, "header entry has no dtype string");
        }
        SafetensorsDtype dtype;
        try {
            dtype = SafetensorsDtype.parse(dtypeNode.asText());
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException(name, e.getMessage());
        }
        long[] shape = nonNegativeLongs(name, entry.get("shape"), "shape", -1);
        long[] offsets = nonNegativeLongs(name, entry.get("data_offsets"), "data_offsets", 2);
        if (offsets[1] < offsets[0]) {
            throw new SafetensorsFormatException(name, "data_offsets end " + offsets[1] + " before begin " + offsets[0]);
        }
        long expectedBytes;
        try {
            expectedBytes = Math.multiplyExact(TensorInfo.elementCount(shape), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new SafetensorsFormatException(name, "shape " + Arrays.toString(shape) + " overflows");
        }
        if (offsets[1] - offsets[0] != expectedBytes) {
            throw new SafetensorsFormatException(
                    name,
                    "data_offsets span " + (offsets[1] - offsets[0]) + " bytes but " + dtype + Arrays.toString(shape)
                            + " needs " + expectedBytes);
        }
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] nonNegativeLongs(String name, JsonNode node, String field, int requiredLength)
            throws SafetensorsFormatException {
        if (node == null || !node.isArray() || (requiredLength >= 0 && node.size() != requiredLength)) {
            String wanted = requiredLength >= 0 ? "an array of " + requiredLength + " integers" : "an array of integers";
            throw new SafetensorsFormatException(name, field + " is not " + wanted);
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode element = node.get(i);
            if (!element.canConvertToLong() || !element.isIntegralNumber() || element.asLong() < 0) {
                throw new SafetensorsFormatException(name, field + "[" + i + "] = " + element + " is not a non-negative integer");
            }
            values[i] = element.asLong();
        }
        return values;
    }

    /** The data section must be tiled exactly by the tensors, as the reference implementation demands. */
    private static void validateLayout(Path file, Map<String, TensorInfo> tensors, long dataLength)
            throws SafetensorsFormatException {
        List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expectedBegin = 0;
        for (TensorInfo info : byOffset) {
            if (info.begin() != expectedBegin) {
                String problem = info.begin() < expectedBegin ? "overlaps the previous tensor" : "leaves a gap before it";
                throw new SafetensorsFormatException(
                        info.name(), "data_offsets begin " + info.begin() + " " + problem + " (expected " + expectedBegin + ")");
            }
            if (info.end() > dataLength) {
                throw new SafetensorsFormatException(
                        info.name(), "data_offsets end " + info.end() + " past the " + dataLength + "-byte data section of " + file
                                + " (file truncated?)");
            }
            expectedBegin = info.end();
        }
        if (expectedBegin != dataLength) {
            throw new SafetensorsFormatException(
                    file + ": data section has " + dataLength + " bytes but the tensors cover " + expectedBegin);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException(file + ": unexpected end of file at byte " + at);
            }
            at += n;
        }
    }
}
