package io.lorastream.lora.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The feed-forward activations Hugging Face's {@code ACT2FN} names that BERT-family configs use. */
enum HiddenActivation {
    /** Exact GELU, {@code x·Φ(x)} with erf: HF's {@code "gelu"}. PyTorch's {@code gelu} default is this form. */
    GELU {
        @Override
        NDArray apply(NDArray x) {
            return Activation.gelu(x);
        }
    },
    /** The tanh approximation: HF's {@code "gelu_new"} and {@code "gelu_pytorch_tanh"}. */
    GELU_TANH {
        @Override
        NDArray apply(NDArray x) {
            NDArray cube = x.mul(x).mul(x);
            NDArray inner = x.add(cube.mul(Scalars.like(x, 0.044715))).mul(Scalars.like(x, Math.sqrt(2 / Math.PI)));
            return x.mul(Scalars.like(x, 0.5)).mul(inner.tanh().add(1f));
        }
    },
    RELU {
        @Override
        NDArray apply(NDArray x) {
            return Activation.relu(x);
        }
    };

    abstract NDArray apply(NDArray x);

    static HiddenActivation of(String hiddenAct) {
        return switch (hiddenAct) {
            case "gelu" -> GELU;
            case "gelu_new", "gelu_pytorch_tanh" -> GELU_TANH;
            case "relu" -> RELU;
            default -> throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not supported");
        };
    }
}
