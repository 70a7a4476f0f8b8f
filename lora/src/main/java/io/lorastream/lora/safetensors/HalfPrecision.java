package io.lorastream.lora.safetensors;

/**
 * Bit conversions between float32 and the two 16-bit float formats.
 *
 * <p>Done by hand because Java 17 has no {@code Float.float16ToFloat}, and because BF16 must never reach
 * DJL as a BF16 NDArray (that aborts the JVM): we widen it to float32 ourselves.
 */
final class HalfPrecision {

    private HalfPrecision() {}

    /** BF16 is the upper half of a float32, so widening is a shift. */
    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Rounds to nearest even, as PyTorch does; NaN stays a quiet NaN. */
    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    static float f16ToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24 is exact in float32
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Rounds to nearest even; magnitudes from 65520 up become infinity, as IEEE 754 requires. */
    static short floatToF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs >= 0x7F800000) {
            int nanPayload = abs > 0x7F800000 ? 0x200 | ((abs >>> 13) & 0x3FF) : 0;
            return (short) (sign | 0x7C00 | nanPayload);
        }
        if (abs >= 0x477FF000) {
            return (short) (sign | 0x7C00);
        }
        if (abs < 0x38800000) {
            // below the smallest normal half: scaling by 2^24 is exact, rint rounds half to even
            int subnormal = (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24f);
            return (short) (sign | subnormal);
        }
        int exponent = (abs >>> 23) - 127 + 15;
        int mantissa = abs & 0x7FFFFF;
        int half = (exponent << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++; // a carry into the exponent is the correct rounding
        }
        return (short) (sign | half);
    }
}
