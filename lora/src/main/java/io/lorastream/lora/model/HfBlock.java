package io.lorastream.lora.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A DJL block whose parameters and children carry Hugging Face module names, so the whole tree can be
 * addressed by names such as {@code bert.encoder.layer.0.attention.self.query.weight}.
 *
 * <p>Parameters are always filled from weight files or explicit initial values by {@link BertWeights} and
 * {@link LoraBertClassifier}, never by DJL initializers: {@link #initialize} therefore only checks that every
 * parameter has its array, which keeps a DJL {@code Trainer.initialize} call from overwriting loaded weights.
 */
public abstract class HfBlock extends AbstractBlock {

    private final Map<String, HfBlock> hfChildren = new LinkedHashMap<>();
    private final Map<String, Parameter> hfParameters = new LinkedHashMap<>();
    private final Map<String, Shape> hfShapes = new LinkedHashMap<>();

    /** Registers a child under its Hugging Face module name (may contain dots). */
    protected final <B extends HfBlock> B hfChild(String hfName, B block) {
        hfChildren.put(hfName, block);
        // DJL prefixes child names with an index and joins them with '_': dots would read as paths
        return addChildBlock(hfName.replace('.', '_'), block);
    }

    /** Registers a parameter under its Hugging Face name relative to this module, with its required shape. */
    protected final Parameter hfParameter(String hfName, Parameter.Type type, Shape shape) {
        Parameter parameter = addParameter(Parameter.builder().setName(hfName.replace('.', '_')).setType(type).build());
        hfParameters.put(hfName, parameter);
        hfShapes.put(hfName, shape);
        return parameter;
    }

    /** Calls {@code visitor} with the full module name of this block and of every descendant, parents first. */
    public final void visitModules(String name, BiConsumer<String, HfBlock> visitor) {
        visitor.accept(name, this);
        hfChildren.forEach((child, block) -> block.visitModules(join(name, child), visitor));
    }

    /** Every parameter of this subtree under its full Hugging Face name, in module order. */
    public final Map<String, Parameter> namedParameters(String prefix) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        visitModules(prefix, (module, block) -> block.hfParameters.forEach((n, p) -> out.put(join(module, n), p)));
        return out;
    }

    /** The required shape of every parameter of this subtree under its full Hugging Face name. */
    public final Map<String, Shape> namedShapes(String prefix) {
        Map<String, Shape> out = new LinkedHashMap<>();
        visitModules(prefix, (module, block) -> block.hfShapes.forEach((n, s) -> out.put(join(module, n), s)));
        return out;
    }

    /** Parameters are set explicitly; this only verifies they all are. */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        namedParameters("").forEach((name, parameter) -> {
            if (!parameter.isInitialized()) {
                throw new IllegalStateException("parameter '" + name + "' has no value: load weights before initializing");
            }
        });
    }

    /** The parameter's array on the input's device, as DJL's parameter store hands it out. */
    protected static NDArray value(ParameterStore store, Parameter parameter, NDArray like, boolean training) {
        return store.getValue(parameter, like.getDevice(), training);
    }

    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
