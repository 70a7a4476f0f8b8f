package io.lorastream.lora.safetensors;

import java.util.Locale;

/** The element types a safetensors header may name, with their width in bytes. */
public enum SafetensorsDtype {
    BOOL(1),
    U8(1),
    I8(1),
    F8_E5M2(1),
    F8_E4M3(1),
    I16(2),
    U16(2),
    F16(2),
    BF16(2),
    I32(4),
    U32(4),
    F32(4),
    F64(8),
    I64(8),
    U64(8);

    private final int byteSize;

    SafetensorsDtype(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Width of one element in bytes. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether {@link SafetensorsReader} can return this type as float32 values. */
    public boolean isReadableAsFloat() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /**
     * Parses the header spelling of a dtype.
     *
     * @throws IllegalArgumentException if the name is not a safetensors dtype
     */
    public static SafetensorsDtype parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown safetensors dtype '" + name + "'", e);
        }
    }
}
