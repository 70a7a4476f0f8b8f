package io.lorastream.evaluator.domain;

import io.lorastream.lora.infer.Prediction;
import java.util.List;

/** A loaded model the gate can score items with: a candidate, a champion, or the base model with an untrained head. */
public interface Classifier {

    /** What this is, for check details: {@code candidate v…}, {@code champion v…}, {@code the base model … with an untrained head}. */
    String description();

    /** Its labels, index = class index of its predictions. */
    List<String> labels();

    /** Predictions for {@code texts}, in order. */
    List<Prediction> predict(List<String> texts);
}
