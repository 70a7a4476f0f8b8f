package io.lorastream.lora.safetensors;

import java.io.IOException;
import java.util.Optional;

/** A safetensors file, or a tensor in it, is not what it claims or what the caller expects. */
public class SafetensorsFormatException extends IOException {

    private final String tensorName;

    /** A problem with the file as a whole (header size, JSON, layout). */
    public SafetensorsFormatException(String message) {
        super(message);
        this.tensorName = null;
    }

    /** A problem with one named tensor; the name leads the message. */
    public SafetensorsFormatException(String tensorName, String message) {
        super("tensor '" + tensorName + "': " + message);
        this.tensorName = tensorName;
    }

    /** The tensor the problem is about, if it is about one. */
    public Optional<String> tensorName() {
        return Optional.ofNullable(tensorName);
    }
}
