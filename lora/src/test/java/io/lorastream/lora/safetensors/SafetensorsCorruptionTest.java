package io.lorastream.lora.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed file is refused with an exception naming the problem, and the tensor when there is one. */
class SafetensorsCorruptionTest {

    @TempDir
    Path dir;

    @Test
    void truncatedDataNamesTheTensorThatRunsPastTheEnd() throws IOException {
        Path good = dir.resolve("good.safetensors");
        new SafetensorsWriter()
                .add("first", new long[] {4}, new float[] {1, 2, 3, 4})
                .add("second", new long[] {4}, new float[] {5, 6, 7, 8})
                .write(good);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = write("truncated.safetensors", Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> SafetensorsReader.open(truncated))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("'second'")
                .hasMessageContaining("truncated")
                .satisfies(e -> assertThat(((SafetensorsFormatException) e).tensorName()).hasValue("second"));
    }

    @Test
    void fileShorterThanItsHeaderIsRefused() throws IOException {
        assertThatThrownBy(() -> SafetensorsReader.open(write("tiny.safetensors", new byte[] {1, 2, 3})))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> SafetensorsReader.open(file(1000, "{}")))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("runs past the end");
    }

    @Test
    void oversizedHeaderIsRefusedBeforeAnyAllocation() throws IOException {
        assertThatThrownBy(() -> SafetensorsReader.open(file(Long.MAX_VALUE, "{}")))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("header size");
        assertThatThrownBy(() -> SafetensorsReader.open(file(-1L, "{}")))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("18446744073709551615");
        Path ok = file("{}");
        assertThatThrownBy(() -> SafetensorsReader.open(ok, 1)).isInstanceOf(SafetensorsFormatException.class);
    }

    @Test
    void headerThatIsNotJsonOrNotAnObjectIsRefused() throws IOException {
        assertThatThrownBy(() -> SafetensorsReader.open(file("{\"a\": ")))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SafetensorsReader.open(file("[1, 2]")))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> SafetensorsReader.open(file(
                        "{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                                + "\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4)))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("Duplicate field 't'");
    }

    @Test
    void shapeThatDisagreesWithOffsetsNamesTheTensor() throws IOException {
        Path file = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20);
        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("needs 24");
    }

    @Test
    void overlapsGapsAndTrailingBytesAreRefused() throws IOException {
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertThatThrownBy(() -> SafetensorsReader.open(file(overlap, 12)))
                .hasMessageContaining("tensor 'b'")
                .hasMessageContaining("overlaps");
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertThatThrownBy(() -> SafetensorsReader.open(file(gap, 8)))
                .hasMessageContaining("tensor 'a'")
                .hasMessageContaining("gap");
        String exact = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertThatThrownBy(() -> SafetensorsReader.open(file(exact, 8))).hasMessageContaining("cover 4");
    }

    @Test
    void malformedEntriesNameTheTensor() throws IOException {
        assertThatThrownBy(() -> SafetensorsReader.open(file("{\"x\":{\"dtype\":\"F99\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4)))
                .hasMessageContaining("tensor 'x'")
                .hasMessageContaining("unknown safetensors dtype 'F99'");
        assertThatThrownBy(() -> SafetensorsReader.open(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4)))
                .hasMessageContaining("tensor 'x'")
                .hasMessageContaining("shape[0]");
        assertThatThrownBy(() -> SafetensorsReader.open(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}}", 4)))
                .hasMessageContaining("tensor 'x'")
                .hasMessageContaining("data_offsets");
        assertThatThrownBy(() -> SafetensorsReader.open(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4)))
                .hasMessageContaining("tensor 'x'")
                .hasMessageContaining("before begin");
        String huge = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}";
        assertThatThrownBy(() -> SafetensorsReader.open(file(huge, 4))).hasMessageContaining("tensor 'x'").hasMessageContaining("overflows");
        assertThatThrownBy(() -> SafetensorsReader.open(file("{\"__metadata__\":{\"k\":1}}", 0)))
                .hasMessageContaining("__metadata__");
    }

    @Test
    void missingTensorsWrongShapesAndNonFloatDtypesNameTheTensor() throws IOException {
        Path file = file("{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertThatThrownBy(() -> reader.readFloats("absent"))
                    .isInstanceOf(SafetensorsFormatException.class)
                    .hasMessageContaining("tensor 'absent'")
                    .hasMessageContaining("missing");
            assertThatThrownBy(() -> reader.readFloats("w", 3))
                    .hasMessageContaining("tensor 'w'")
                    .hasMessageContaining("shape [2]")
                    .hasMessageContaining("expected [3]");
            assertThatThrownBy(() -> reader.readFloats("ids"))
                    .hasMessageContaining("tensor 'ids'")
                    .hasMessageContaining("I64");
        }
    }

    @Test
    void writerRefusesInconsistentInput() {
        SafetensorsWriter writer = new SafetensorsWriter().add("a", new long[] {1}, new float[] {1});
        assertThatThrownBy(() -> writer.add("a", new long[] {1}, new float[] {1})).hasMessageContaining("'a' added twice");
        assertThatThrownBy(() -> writer.add("b", new long[] {2}, new float[] {1})).hasMessageContaining("tensor 'b'");
        assertThatThrownBy(() -> writer.add("c", SafetensorsDtype.I64, new long[] {1}, new float[] {1}))
                .hasMessageContaining("tensor 'c'");
    }

    private Path file(String header) throws IOException {
        return file(header, 0);
    }

    private Path file(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json);
        return write("f" + System.nanoTime() + ".safetensors", bytes.array());
    }

    private Path file(long declaredHeaderSize, String header) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(declaredHeaderSize).put(json);
        return write("h" + System.nanoTime() + ".safetensors", bytes.array());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
