package io.lorastream.lora.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {

    /** Exactly representable in F16 and BF16 alike: small integers, halves, quarters, a power of two. */
    private static final float[] EXACT = {0f, -0f, 1f, -2f, 0.5f, 0.25f, -3.75f, 1024f, 6f};

    @TempDir
    Path dir;

    @Test
    void everyDtypeRoundTripsWithShapeAndMetadata() throws IOException {
        Path file = dir.resolve("all.safetensors");
        float[] f32 = {1.1f, -2.2e-8f, 3.3e30f, Float.MIN_VALUE, -0f, 7f};
        new SafetensorsWriter()
                .putMetadata("format", "pt")
                .putMetadata("source", "test")
                .add("a.f32", SafetensorsDtype.F32, new long[] {2, 3}, f32)
                .add("b.f16", SafetensorsDtype.F16, new long[] {3, 3}, EXACT)
                .add("c.bf16", SafetensorsDtype.BF16, new long[] {9}, EXACT)
                .add("d.scalar", new long[0], new float[] {42f})
                .add("e.empty", new long[] {0, 4}, new float[0])
                .write(file);

        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertThat(reader.metadata()).isEqualTo(Map.of("format", "pt", "source", "test"));
            assertThat(reader.names()).containsExactlyInAnyOrder("a.f32", "b.f16", "c.bf16", "d.scalar", "e.empty");
            assertThat(reader.info("b.f16").dtype()).isEqualTo(SafetensorsDtype.F16);
            assertThat(reader.info("c.bf16").dtype()).isEqualTo(SafetensorsDtype.BF16);
            assertThat(reader.readFloats("a.f32", 2, 3)).containsExactly(f32);
            assertThat(reader.readFloats("b.f16", 3, 3)).containsExactly(EXACT);
            assertThat(reader.readFloats("c.bf16", 9)).containsExactly(EXACT);
            assertThat(reader.read("d.scalar")).isEqualTo(new FloatTensor(new long[0], new float[] {42f}));
            assertThat(reader.readFloats("e.empty", 0, 4)).isEmpty();
        }
    }

    @Test
    void halfPrecisionRoundsToNearestEven() throws IOException {
        Path file = dir.resolve("rounding.safetensors");
        // 1 + 2^-11 is a tie between 1 and 1 + 2^-10 in F16: even mantissa (1) wins; 65520 overflows to infinity
        float[] values = {1 + 0x1p-11f, 1 + 3 * 0x1p-11f, 65504f, 65520f, 0x1p-24f, 1 + 0x1p-8f, Float.NaN};
        new SafetensorsWriter()
                .add("h", SafetensorsDtype.F16, new long[] {values.length}, values)
                .add("b", SafetensorsDtype.BF16, new long[] {values.length}, values)
                .write(file);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            float[] half = reader.readFloats("h");
            assertThat(half[0]).isEqualTo(1f);
            assertThat(half[1]).isEqualTo(1 + 4 * 0x1p-11f);
            assertThat(half[2]).isEqualTo(65504f);
            assertThat(half[3]).isEqualTo(Float.POSITIVE_INFINITY);
            assertThat(half[4]).isEqualTo(0x1p-24f);
            assertThat(half[6]).isNaN();
            float[] bf16 = reader.readFloats("b");
            assertThat(bf16[5]).as("1 + 2^-8 is a BF16 tie: rounds to even 1").isEqualTo(1f);
            assertThat(bf16[2]).isEqualTo(65536f);
            assertThat(bf16[6]).isNaN();
        }
    }

    @Test
    void knownBitPatternsDecode() {
        assertThat(HalfPrecision.f16ToFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(HalfPrecision.f16ToFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(HalfPrecision.f16ToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(HalfPrecision.f16ToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(HalfPrecision.f16ToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(HalfPrecision.bf16ToFloat((short) 0x3F80)).isEqualTo(1f);
        assertThat(HalfPrecision.bf16ToFloat((short) 0xC2F7)).isEqualTo(-123.5f);
        for (int bits = 0; bits < 0x10000; bits++) {
            float value = HalfPrecision.f16ToFloat((short) bits);
            if (!Float.isNaN(value)) {
                assertThat(HalfPrecision.floatToF16(value) & 0xFFFF).as("F16 0x%04x", bits).isEqualTo(bits);
            }
        }
    }

    @Test
    void bf16BecomesAFloat32NDArray() throws IOException {
        Path file = dir.resolve("bf16.safetensors");
        new SafetensorsWriter().add("w", SafetensorsDtype.BF16, new long[] {3, 3}, EXACT).write(file);
        try (SafetensorsReader reader = SafetensorsReader.open(file);
                NDManager manager = NDManager.newBaseManager()) {
            NDArray array = reader.readArray(manager, "w", new Shape(3, 3));
            assertThat(array.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(array.toFloatArray()).containsExactly(EXACT);
        }
    }

    @Test
    void writerOutputIsDeterministicAndAligned() throws IOException {
        Path first = dir.resolve("1.safetensors");
        Path second = dir.resolve("2.safetensors");
        new SafetensorsWriter().add("z", new long[] {1}, new float[] {1}).add("a", new long[] {1}, new float[] {2}).write(first);
        new SafetensorsWriter().add("a", new long[] {1}, new float[] {2}).add("z", new long[] {1}, new float[] {1}).write(second);
        byte[] bytes = Files.readAllBytes(first);
        assertThat(bytes).isEqualTo(Files.readAllBytes(second));
        long headerSize = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerSize % 8).isZero();
        assertThat(new String(bytes, 8, (int) headerSize, StandardCharsets.UTF_8)).startsWith("{\"a\":");
    }

    /** A tensor past byte 2^31 is read with long positional offsets; the 2 GiB before it stays a sparse hole. */
    @Test
    void readsTensorsBeyondTwoGibibytes() throws IOException {
        Path file = dir.resolve("big.safetensors");
        long padBytes = 1L << 31;
        String header = "{\"pad\":{\"dtype\":\"U8\",\"shape\":[" + padBytes + "],\"data_offsets\":[0," + padBytes + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + padBytes + "," + (padBytes + 8) + "]}}";
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer prefix = ByteBuffer.allocate(8 + headerBytes.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(headerBytes.length).put(headerBytes).flip();
            out.write(prefix);
            ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2.5f).flip();
            out.write(tail, 8 + headerBytes.length + padBytes);
        }
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertThat(reader.info("tail").begin()).isGreaterThan(Integer.MAX_VALUE);
            assertThat(reader.readFloats("tail", 2)).containsExactly(1.5f, -2.5f);
        }
    }
}
