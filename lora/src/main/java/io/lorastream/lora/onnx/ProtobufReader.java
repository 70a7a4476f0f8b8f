package io.lorastream.lora.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the fields of one protobuf message in a byte buffer: just enough of the wire format (varints,
 * fixed 32/64-bit values and length-delimited fields) to read an ONNX model without generated code.
 */
final class ProtobufReader {

    /** One field of a message: a varint value, or the byte range of a length-delimited or fixed value. */
    record Field(int number, int wireType, long varint, int offset, int length) {

        static final int VARINT = 0;
        static final int FIXED64 = 1;
        static final int LENGTH_DELIMITED = 2;
        static final int FIXED32 = 5;

        boolean isLengthDelimited() {
            return wireType == LENGTH_DELIMITED;
        }
    }

    private final ByteBuffer buffer;

    ProtobufReader(ByteBuffer buffer) {
        this.buffer = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Lists the fields of the message at {@code [offset, offset + length)}.
     *
     * @throws OnnxFormatException if the bytes are not a well-formed message
     */
    List<Field> fields(int offset, int length) throws OnnxFormatException {
        List<Field> fields = new ArrayList<>();
        int end = checkedEnd(offset, length);
        int[] position = {offset};
        while (position[0] < end) {
            long key = varint(position, end);
            int number = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            switch (wireType) {
                case Field.VARINT -> fields.add(new Field(number, wireType, varint(position, end), 0, 0));
                case Field.FIXED64 -> fields.add(fixed(number, wireType, position, 8, end));
                case Field.FIXED32 -> fields.add(fixed(number, wireType, position, 4, end));
                case Field.LENGTH_DELIMITED -> {
                    long size = varint(position, end);
                    if (size < 0 || size > end - position[0]) {
                        throw new OnnxFormatException("field " + number + " of " + size + " bytes runs past its message at byte " + position[0]);
                    }
                    fields.add(new Field(number, wireType, 0, position[0], (int) size));
                    position[0] += (int) size;
                }
                default -> throw new OnnxFormatException("unsupported protobuf wire type " + wireType + " at byte " + position[0]);
            }
        }
        return fields;
    }

    /** The fields of a nested message field. */
    List<Field> fields(Field message) throws OnnxFormatException {
        requireLengthDelimited(message);
        return fields(message.offset(), message.length());
    }

    String string(Field field) throws OnnxFormatException {
        requireLengthDelimited(field);
        byte[] bytes = new byte[field.length()];
        buffer.get(field.offset(), bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A read-only little-endian view of a length-delimited field's bytes. */
    ByteBuffer bytes(Field field) throws OnnxFormatException {
        requireLengthDelimited(field);
        return buffer.slice(field.offset(), field.length()).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
    }

    /** The values of a repeated varint field, packed or not. */
    List<Long> varints(Field field) throws OnnxFormatException {
        if (field.wireType() == Field.VARINT) {
            return List.of(field.varint());
        }
        requireLengthDelimited(field);
        List<Long> values = new ArrayList<>();
        int[] position = {field.offset()};
        int end = field.offset() + field.length();
        while (position[0] < end) {
            values.add(varint(position, end));
        }
        return values;
    }

    /** A fixed32 field as a float. */
    float fixedFloat(Field field) throws OnnxFormatException {
        if (field.wireType() != Field.FIXED32) {
            throw new OnnxFormatException("field " + field.number() + " is not a 32-bit value");
        }
        return buffer.getFloat(field.offset());
    }

    private Field fixed(int number, int wireType, int[] position, int size, int end) throws OnnxFormatException {
        if (end - position[0] < size) {
            throw new OnnxFormatException("field " + number + " truncated at byte " + position[0]);
        }
        Field field = new Field(number, wireType, 0, position[0], size);
        position[0] += size;
        return field;
    }

    private long varint(int[] position, int end) throws OnnxFormatException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= end) {
                throw new OnnxFormatException("varint truncated at byte " + position[0]);
            }
            byte b = buffer.get(position[0]++);
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new OnnxFormatException("varint longer than 10 bytes at byte " + position[0]);
    }

    private int checkedEnd(int offset, int length) throws OnnxFormatException {
        if (offset < 0 || length < 0 || offset + length > buffer.limit() || offset + length < 0) {
            throw new OnnxFormatException("message [" + offset + ", +" + length + ") outside the " + buffer.limit() + "-byte buffer");
        }
        return offset + length;
    }

    private static void requireLengthDelimited(Field field) throws OnnxFormatException {
        if (!field.isLengthDelimited()) {
            throw new OnnxFormatException("field " + field.number() + " is not length-delimited");
        }
    }
}
