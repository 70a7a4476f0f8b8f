package io.lorastream.lora.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a device setting ({@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}) into a DJL
 * {@link Device}. {@code auto} means the first GPU when the engine sees one, the CPU otherwise, so
 * the same configuration runs on a laptop and on a GPU node.
 */
public final class DeviceSelector {

    /** The setting's accepted forms, quoted in error messages. */
    public static final String ACCEPTED = "auto, cpu, gpu, gpu:N";

    private static final Pattern GPU_INDEX = Pattern.compile("gpu:(\\d+)");

    private final IntSupplier gpuCount;

    /** A selector that asks the DJL engine how many GPUs it sees. */
    public DeviceSelector() {
        this(() -> Engine.getInstance().getGpuCount());
    }

    /** A selector with an injected GPU count, for tests and for callers that already know it. */
    public DeviceSelector(IntSupplier gpuCount) {
        this.gpuCount = gpuCount;
    }

    /**
     * The device for {@code setting} (case-insensitive; {@code null} or blank means {@code auto}).
     *
     * @throws IllegalArgumentException when the setting is malformed, or names a GPU that is not there
     */
    public Device select(String setting) {
        String s = setting == null || setting.isBlank() ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) {
            return gpuCount.getAsInt() > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu")) {
            return gpu(0, s);
        }
        Matcher m = GPU_INDEX.matcher(s);
        if (m.matches()) {
            return gpu(Integer.parseInt(m.group(1)), s);
        }
        throw new IllegalArgumentException("device '" + setting + "' is not one of " + ACCEPTED);
    }

    private Device gpu(int index, String setting) {
        int count = gpuCount.getAsInt();
        if (index >= count) {
            throw new IllegalArgumentException("device '" + setting + "' asks for GPU " + index
                    + " but the engine sees " + count + " GPU(s); use 'auto' to fall back to the CPU");
        }
        return Device.gpu(index);
    }
}
