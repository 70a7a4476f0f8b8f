package io.lorastream.contracts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * The one JSON mapping of the wire records: strict (unknown fields, missing required fields,
 * duplicate keys and coerced scalars are refused) and with errors that name the field and the rule.
 */
public final class ContractJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private ContractJson() {
    }

    /** The shared, strict mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serializes a wire record to UTF-8 JSON bytes. */
    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** Serializes a wire record to a JSON string. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a wire record.
     *
     * @throws ContractViolationException naming the field and the broken rule
     */
    public static <T> T fromBytes(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw violation(type, e);
        }
    }

    /** Reads a wire record from a string; see {@link #fromBytes(byte[], Class)}. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw violation(type, e);
        }
    }

    static ContractViolationException violation(Class<?> type, IOException e) {
        String record = type.getSimpleName();
        if (e instanceof ValueInstantiationException vie && vie.getCause() != null) {
            return new ContractViolationException(record + ": " + vie.getCause().getMessage(), e);
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            String known = upe.getKnownPropertyIds() == null ? "" : upe.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ", " (known fields: ", ")"));
            return new ContractViolationException(record + ": unknown field '" + path(upe) + "'" + known, e);
        }
        if (e instanceof InvalidFormatException ife) {
            return new ContractViolationException(record + ": field '" + path(ife) + "' has an invalid value "
                    + ife.getValue() + " (expected " + ife.getTargetType().getSimpleName() + ")", e);
        }
        if (e instanceof MismatchedInputException mie) {
            String message = mie.getOriginalMessage();
            if (message != null && message.startsWith("Missing required creator property")) {
                String field = message.replaceAll(".*'([^']+)'.*", "$1");
                return new ContractViolationException(record + ": field '" + field + "' is required", e);
            }
            String where = path(mie);
            return new ContractViolationException(record + ": " + (where.isEmpty() ? "" : "field '" + where + "': ")
                    + firstLine(message), e);
        }
        if (e instanceof JsonProcessingException jpe) {
            return new ContractViolationException(record + ": malformed JSON: " + firstLine(jpe.getOriginalMessage()), e);
        }
        return new ContractViolationException(record + ": " + e.getMessage(), e);
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
