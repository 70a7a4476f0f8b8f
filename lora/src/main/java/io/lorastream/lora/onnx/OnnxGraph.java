package io.lorastream.lora.onnx;

import io.lorastream.lora.onnx.ProtobufReader.Field;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an ONNX {@code ModelProto} the importer needs: the graph's nodes (name, op, inputs,
 * outputs, attributes), its initializers and the names of its inputs and outputs. Field numbers are those
 * of {@code onnx.proto}.
 */
final class OnnxGraph {

    static final int FLOAT = 1;
    static final int INT64 = 7;

    /** A tensor from an initializer or a {@code Constant} node. */
    record Tensor(String name, int dataType, long[] dims, ByteBuffer raw, float[] floatData, long[] int64Data) {

        long elementCount() {
            return Arrays.stream(dims).reduce(1, Math::multiplyExact);
        }

        /** The values of a FLOAT tensor, from {@code raw_data} or {@code float_data}. */
        float[] floats() throws OnnxFormatException {
            if (dataType != FLOAT) {
                throw new OnnxFormatException("tensor '" + name + "' has data type " + dataType + ", expected FLOAT (1)");
            }
            float[] values = raw != null ? new float[raw.remaining() / 4] : floatData;
            if (raw != null) {
                raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            }
            if (values.length != elementCount()) {
                throw new OnnxFormatException(
                        "tensor '" + name + "' holds " + values.length + " floats, dims " + Arrays.toString(dims) + " need " + elementCount());
            }
            return values;
        }

        /** The values of an INT64 tensor, from {@code raw_data} or {@code int64_data}. */
        long[] longs() throws OnnxFormatException {
            if (dataType != INT64) {
                throw new OnnxFormatException("tensor '" + name + "' has data type " + dataType + ", expected INT64 (7)");
            }
            long[] values = raw != null ? new long[raw.remaining() / 8] : int64Data;
            if (raw != null) {
                raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
            }
            return values;
        }
    }

    /** A node attribute: float {@code f}, integer {@code i} or tensor {@code t}, whichever is set. */
    record Attribute(String name, Float f, Long i, Tensor t) {}

    record Node(String name, String opType, List<String> inputs, List<String> outputs, Map<String, Attribute> attributes) {}

    private final List<Node> nodes;
    private final Map<String, Tensor> initializers;
    private final List<String> inputs;
    private final List<String> outputs;

    private OnnxGraph(List<Node> nodes, Map<String, Tensor> initializers, List<String> inputs, List<String> outputs) {
        this.nodes = nodes;
        this.initializers = initializers;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /** Parses a serialized {@code ModelProto}. */
    static OnnxGraph parse(ByteBuffer model) throws OnnxFormatException {
        ProtobufReader reader = new ProtobufReader(model);
        Field graph = null;
        for (Field field : reader.fields(0, model.limit())) {
            if (field.number() == 7) {
                graph = field;
            }
        }
        if (graph == null) {
            throw new OnnxFormatException("no graph in the ONNX model");
        }
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (Field field : reader.fields(graph)) {
            switch (field.number()) {
                case 1 -> nodes.add(node(reader, field));
                case 5 -> {
                    Tensor tensor = tensor(reader, field);
                    initializers.put(tensor.name(), tensor);
                }
                case 11 -> inputs.add(valueInfoName(reader, field));
                case 12 -> outputs.add(valueInfoName(reader, field));
                default -> { }
            }
        }
        return new OnnxGraph(
                Collections.unmodifiableList(nodes), Collections.unmodifiableMap(initializers), List.copyOf(inputs), List.copyOf(outputs));
    }

    List<Node> nodes() {
        return nodes;
    }

    Map<String, Tensor> initializers() {
        return initializers;
    }

    List<String> inputs() {
        return inputs;
    }

    List<String> outputs() {
        return outputs;
    }

    Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The node producing {@code output}, if any. */
    Optional<Node> producer(String output) {
        return nodes.stream().filter(n -> n.outputs().contains(output)).findFirst();
    }

    /** The nodes reading {@code value}. */
    List<Node> consumers(String value) {
        return nodes.stream().filter(n -> n.inputs().contains(value)).toList();
    }

    private static Node node(ProtobufReader reader, Field message) throws OnnxFormatException {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "";
        String op = "";
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        for (Field field : reader.fields(message)) {
            switch (field.number()) {
                case 1 -> in.add(reader.string(field));
                case 2 -> out.add(reader.string(field));
                case 3 -> name = reader.string(field);
                case 4 -> op = reader.string(field);
                case 5 -> {
                    Attribute attribute = attribute(reader, field);
                    attributes.put(attribute.name(), attribute);
                }
                default -> { }
            }
        }
        return new Node(name, op, List.copyOf(in), List.copyOf(out), Collections.unmodifiableMap(attributes));
    }

    private static Attribute attribute(ProtobufReader reader, Field message) throws OnnxFormatException {
        String name = "";
        Float f = null;
        Long i = null;
        Tensor t = null;
        for (Field field : reader.fields(message)) {
            switch (field.number()) {
                case 1 -> name = reader.string(field);
                case 2 -> f = reader.fixedFloat(field);
                case 3 -> i = field.varint();
                case 5 -> t = tensor(reader, field);
                default -> { }
            }
        }
        return new Attribute(name, f, i, t);
    }

    private static Tensor tensor(ProtobufReader reader, Field message) throws OnnxFormatException {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        ByteBuffer raw = null;
        List<Float> floatData = new ArrayList<>();
        List<Long> int64Data = new ArrayList<>();
        for (Field field : reader.fields(message)) {
            switch (field.number()) {
                case 1 -> dims.addAll(reader.varints(field));
                case 2 -> dataType = (int) field.varint();
                case 4 -> {
                    if (field.isLengthDelimited()) {
                        ByteBuffer packed = reader.bytes(field);
                        while (packed.remaining() >= 4) {
                            floatData.add(packed.getFloat());
                        }
                    } else {
                        floatData.add(reader.fixedFloat(field));
                    }
                }
                case 7 -> int64Data.addAll(reader.varints(field));
                case 8 -> name = reader.string(field);
                case 9 -> raw = reader.bytes(field);
                case 14 -> {
                    if (field.varint() == 1) {
                        throw new OnnxFormatException("tensor '" + name + "' uses external data, which is not supported");
                    }
                }
                default -> { }
            }
        }
        float[] floats = new float[floatData.size()];
        for (int k = 0; k < floats.length; k++) {
            floats[k] = floatData.get(k);
        }
        return new Tensor(
                name,
                dataType,
                dims.stream().mapToLong(Long::longValue).toArray(),
                raw,
                floats,
                int64Data.stream().mapToLong(Long::longValue).toArray());
    }

    private static String valueInfoName(ProtobufReader reader, Field message) throws OnnxFormatException {
        for (Field field : reader.fields(message)) {
            if (field.number() == 1) {
                return reader.string(field);
            }
        }
        return "";
    }
}
