package io.lorastream.lora.onnx;

import ai.djl.ndarray.types.Shape;

import io.lorastream.lora.hf.BertConfig;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.model.BertModelBlock;
import io.lorastream.lora.onnx.OnnxGraph.Node;
import io.lorastream.lora.onnx.OnnxGraph.Tensor;
import io.lorastream.lora.safetensors.FloatTensor;
import io.lorastream.lora.safetensors.SafetensorsWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a PyTorch ONNX export of a BERT-family encoder (all-MiniLM-L6-v2, bge-small-en-v1.5, …) into a
 * Hugging Face model directory with {@code BertModel} key names.
 *
 * <p>In these exports embeddings, biases and LayerNorms keep their HF names, while each linear weight is
 * an anonymous {@code onnx::MatMul_<n>} initializer stored transposed ({@code [in, out]}) whose single
 * consumer is a MatMul node named after the module ({@code /encoder/layer.0/attention/self/query/MatMul}).
 * The importer renames and un-transposes those, reads the head count and LayerNorm epsilon from the graph,
 * and, since the export has no pooler, writes a deterministic one (identity weight, zero bias) so that
 * every runtime sees the same model.
 */
public final class OnnxBertImporter {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxBertImporter.class);
    private static final Pattern MATMUL_NODE = Pattern.compile("/(.+)/MatMul");
    private static final Pattern HF_NAME = Pattern.compile("(?:bert\\.)?((?:embeddings|encoder|pooler)\\..+)");
    private static final double DEFAULT_LAYER_NORM_EPS = 1e-12;

    private OnnxBertImporter() {}

    /**
     * Writes {@code config.json}, {@code model.safetensors} and {@code tokenizer.json} into {@code outputDir}.
     *
     * @param source the ONNX model and its tokenizer
     * @param outputDir created if missing; existing files of those names are replaced
     * @param numHeads the attention head count, when the graph does not reveal it
     * @return the written configuration
     * @throws OnnxFormatException if the graph is not a BERT export this importer understands; the message
     *     names the tensor or node
     */
    public static BertConfig importModel(OnnxSource source, Path outputDir, OptionalInt numHeads) throws IOException {
        OnnxGraph graph = OnnxGraph.parse(ByteBuffer.wrap(source.onnx()));
        Map<String, FloatTensor> tensors = hfTensors(graph);
        BertConfig config = inferConfig(graph, tensors, numHeads);
        if (!tensors.containsKey("pooler.dense.weight")) {
            tensors.put("pooler.dense.weight", identity(config.hiddenSize()));
            tensors.put("pooler.dense.bias", new FloatTensor(new long[] {config.hiddenSize()}, new float[config.hiddenSize()]));
        }
        requireBertModel(config, tensors);

        Files.createDirectories(outputDir);
        config.write(outputDir.resolve(BertModelDir.CONFIG_FILE));
        SafetensorsWriter writer = new SafetensorsWriter().putMetadata("format", "pt");
        tensors.forEach(writer::add);
        writer.write(outputDir.resolve(BertModelDir.WEIGHTS_FILE));
        Files.write(outputDir.resolve(BertModelDir.TOKENIZER_FILE), source.tokenizerJson());
        LOG.info("Imported {} ({} layers, hidden {}, {} heads) into {}",
                source.name(), config.numHiddenLayers(), config.hiddenSize(), config.numAttentionHeads(), outputDir);
        return config;
    }

    /** Initializers under their HF names; MatMul weights renamed after their node and transposed to {@code [out, in]}. */
    private static Map<String, FloatTensor> hfTensors(OnnxGraph graph) throws OnnxFormatException {
        Map<String, FloatTensor> tensors = new TreeMap<>();
        for (Tensor tensor : graph.initializers().values()) {
            Matcher hfName = HF_NAME.matcher(tensor.name());
            if (hfName.matches()) {
                String name = hfName.group(1);
                if (!name.equals("embeddings.position_ids")) {
                    put(tensors, name, new FloatTensor(tensor.dims(), tensor.floats()));
                }
                continue;
            }
            List<Node> consumers = graph.consumers(tensor.name());
            boolean matMulWeight = !consumers.isEmpty() && consumers.stream().allMatch(n -> n.opType().equals("MatMul"));
            if (!matMulWeight) {
                continue; // a graph constant, not a weight
            }
            if (consumers.size() != 1) {
                throw new OnnxFormatException("initializer '" + tensor.name() + "' feeds " + consumers.size() + " MatMul nodes, expected one");
            }
            Matcher module = MATMUL_NODE.matcher(consumers.get(0).name());
            if (!module.matches() || tensor.dims().length != 2) {
                throw new OnnxFormatException("initializer '" + tensor.name() + "' " + Arrays.toString(tensor.dims())
                        + " feeds MatMul node '" + consumers.get(0).name() + "', which names no module");
            }
            Matcher moduleName = HF_NAME.matcher(module.group(1).replace('/', '.'));
            if (!moduleName.matches()) {
                throw new OnnxFormatException("MatMul node '" + consumers.get(0).name() + "' is not inside the encoder");
            }
            put(tensors, moduleName.group(1) + ".weight", transpose(tensor));
        }
        return tensors;
    }

    private static BertConfig inferConfig(OnnxGraph graph, Map<String, FloatTensor> tensors, OptionalInt numHeads)
            throws OnnxFormatException {
        long[] words = shapeOf(tensors, "embeddings.word_embeddings.weight");
        long[] positions = shapeOf(tensors, "embeddings.position_embeddings.weight");
        long[] tokenTypes = shapeOf(tensors, "embeddings.token_type_embeddings.weight");
        long[] intermediate = shapeOf(tensors, "encoder.layer.0.intermediate.dense.bias");
        int layers = 0;
        while (tensors.containsKey("encoder.layer." + layers + ".attention.self.query.bias")) {
            layers++;
        }
        int hidden = (int) words[1];
        int heads = numHeads.isPresent() ? numHeads.getAsInt() : headCount(graph, hidden);
        String activation = graph.nodes().stream().anyMatch(n -> n.opType().equals("Erf")) ? "gelu" : null;
        if (activation == null) {
            throw new OnnxFormatException("no Erf node: the feed-forward activation is not exact GELU, cannot tell hidden_act");
        }
        return new BertConfig((int) words[0], hidden, layers, heads, (int) intermediate[0], activation, 0.1, 0.1,
                (int) positions[0], (int) tokenTypes[0], 0.02, layerNormEps(graph), null, List.of());
    }

    /**
     * Reads the head count from the reshape that splits the keys of layer 0 into heads: its target shape is
     * {@code [batch, seq, heads, headSize]}, the last two constants.
     */
    private static int headCount(OnnxGraph graph, int hidden) throws OnnxFormatException {
        for (Node node : graph.nodes()) {
            if (!node.opType().equals("Reshape") || !node.name().startsWith("/encoder/layer.0/attention/self/")) {
                continue;
            }
            List<Long> dims = constantDims(graph, node.inputs().get(1));
            if (dims.size() == 4 && dims.get(2) > 0 && dims.get(2) * dims.get(3) == hidden) {
                return Math.toIntExact(dims.get(2));
            }
        }
        throw new OnnxFormatException("cannot find the attention head count in the graph: pass it explicitly");
    }

    /** The constant parts of a shape tensor built by Concat (unknown parts as -1), or a constant shape. */
    private static List<Long> constantDims(OnnxGraph graph, String value) throws OnnxFormatException {
        List<Long> dims = new ArrayList<>();
        Node producer = graph.producer(value).orElse(null);
        if (producer == null) {
            return dims;
        }
        if (producer.opType().equals("Constant") && producer.attributes().containsKey("value")) {
            for (long d : producer.attributes().get("value").t().longs()) {
                dims.add(d);
            }
        } else if (producer.opType().equals("Concat")) {
            for (String part : producer.inputs()) {
                List<Long> partDims = constantDims(graph, part);
                dims.addAll(partDims.isEmpty() ? List.of(-1L) : partDims);
            }
        }
        return dims;
    }

    /** The epsilon added before the square root in the embeddings' LayerNorm (or a LayerNormalization attribute). */
    private static double layerNormEps(OnnxGraph graph) throws OnnxFormatException {
        for (Node node : graph.nodes()) {
            if (node.opType().equals("LayerNormalization") && node.attributes().containsKey("epsilon")) {
                return node.attributes().get("epsilon").f();
            }
        }
        Node add = graph.node("/embeddings/LayerNorm/Add").orElse(null);
        if (add != null && add.inputs().size() == 2) {
            Node constant = graph.producer(add.inputs().get(1)).orElse(null);
            if (constant != null && constant.opType().equals("Constant") && constant.attributes().containsKey("value")) {
                float[] eps = constant.attributes().get("value").t().floats();
                if (eps.length == 1) {
                    // the graph stores a float32: print it back as the decimal HF configs use
                    return Double.parseDouble(Float.toString(eps[0]));
                }
            }
        }
        LOG.warn("LayerNorm epsilon not found in the graph, using BERT's default {}", DEFAULT_LAYER_NORM_EPS);
        return DEFAULT_LAYER_NORM_EPS;
    }

    private static void requireBertModel(BertConfig config, Map<String, FloatTensor> tensors) throws OnnxFormatException {
        Map<String, Shape> expected = new BertModelBlock(config).namedShapes("");
        for (Map.Entry<String, Shape> entry : expected.entrySet()) {
            FloatTensor tensor = tensors.get(entry.getKey());
            if (tensor == null) {
                throw new OnnxFormatException("tensor '" + entry.getKey() + "' not found in the ONNX graph");
            }
            if (!tensor.hasShape(entry.getValue().getShape())) {
                throw new OnnxFormatException("tensor '" + entry.getKey() + "' has shape " + Arrays.toString(tensor.shape())
                        + ", expected " + entry.getValue());
            }
        }
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                throw new OnnxFormatException("tensor '" + name + "' is not a BertModel parameter");
            }
        }
    }

    private static void put(Map<String, FloatTensor> tensors, String name, FloatTensor tensor) throws OnnxFormatException {
        if (tensors.put(name, tensor) != null) {
            throw new OnnxFormatException("tensor '" + name + "' appears twice in the ONNX graph");
        }
    }

    private static long[] shapeOf(Map<String, FloatTensor> tensors, String name) throws OnnxFormatException {
        FloatTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new OnnxFormatException("tensor '" + name + "' not found in the ONNX graph");
        }
        return tensor.shape();
    }

    private static FloatTensor transpose(Tensor tensor) throws OnnxFormatException {
        int rows = (int) tensor.dims()[0];
        int cols = (int) tensor.dims()[1];
        float[] in = tensor.floats();
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = in[r * cols + c];
            }
        }
        return new FloatTensor(new long[] {cols, rows}, out);
    }

    private static FloatTensor identity(int size) {
        float[] values = new float[size * size];
        for (int i = 0; i < size; i++) {
            values[i * size + i] = 1f;
        }
        return new FloatTensor(new long[] {size, size}, values);
    }
}
